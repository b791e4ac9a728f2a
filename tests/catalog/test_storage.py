"""LocalStorage: keys stay inside the media root and files are written atomically."""

import os
import stat

import pytest

from catalog.exceptions import NotFound
from catalog.storage import InvalidKey, LocalStorage, MediaNotFound, MediaStorage

KEY = "products/ab/abcdef0123456789-640.webp"


def test_save_then_open_round_trips_and_creates_folders(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save(KEY, b"webp bytes")
    assert storage.open(KEY) == b"webp bytes"
    assert (tmp_path / "products" / "ab" / "abcdef0123456789-640.webp").read_bytes() == (
        b"webp bytes"
    )


def test_local_storage_satisfies_the_protocol(tmp_path):
    storage: MediaStorage = LocalStorage(tmp_path)
    assert storage.exists(KEY) is False


def test_save_replaces_and_leaves_no_temporary_files(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save(KEY, b"old")
    storage.save(KEY, b"new")
    assert storage.open(KEY) == b"new"
    assert [p.name for p in storage.path_for(KEY).parent.iterdir()] == ["abcdef0123456789-640.webp"]


def test_failed_save_keeps_old_file_and_cleans_up(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save(KEY, b"old")
    with pytest.raises(TypeError):
        storage.save(KEY, "not bytes")  # type: ignore[arg-type]
    assert storage.open(KEY) == b"old"
    assert len(list(storage.path_for(KEY).parent.iterdir())) == 1


def test_saved_files_are_world_readable_for_a_front_web_server(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save(KEY, b"x")
    assert stat.S_IMODE(os.stat(storage.path_for(KEY)).st_mode) == 0o644


def test_exists_and_delete(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save(KEY, b"x")
    assert storage.exists(KEY)
    storage.delete(KEY)
    assert not storage.exists(KEY)
    storage.delete(KEY)  # deleting a missing key is fine


def test_open_missing_key_raises_a_named_not_found(tmp_path):
    storage = LocalStorage(tmp_path)
    with pytest.raises(MediaNotFound) as caught:
        storage.open(KEY)
    assert isinstance(caught.value, NotFound)


@pytest.mark.parametrize(
    "key",
    [
        "../x",
        "products/../../x",
        "/etc/passwd",
        "a\\b",
        "a\x00b",
        "",
        "Products/A.webp",
        "products/a b.webp",
        "products//a.webp",
        "./a.webp",
        "products/",
        "..",
        "x" * 600,
    ],
)
def test_path_for_refuses_unsafe_keys(tmp_path, key):
    storage = LocalStorage(tmp_path)
    with pytest.raises(InvalidKey):
        storage.path_for(key)
    for operation in (storage.exists, storage.delete, storage.open):
        with pytest.raises(InvalidKey):
            operation(key)
    with pytest.raises(InvalidKey):
        storage.save(key, b"x")


def test_path_for_stays_inside_root(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    path = storage.path_for(KEY)
    assert path.is_relative_to((tmp_path / "media").resolve())
    assert path.name == "abcdef0123456789-640.webp"

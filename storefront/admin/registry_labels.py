"""What the registries' codes are called on the office's pages, in the shopper's language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from registry.models import Board, Health, LegalForm, Sector
from registry.rules import Activity, BusinessClass

LEGAL_FORMS: dict[LegalForm, Any] = {
    LegalForm.PRODUSEN: _l("Producers' cooperative (produsen)"),
    LegalForm.KONSUMEN: _l("Consumers' cooperative (konsumen)"),
    LegalForm.PEMASARAN: _l("Marketing cooperative (pemasaran)"),
    LegalForm.JASA: _l("Services cooperative (jasa)"),
    LegalForm.SIMPAN_PINJAM: _l("Savings and loans (simpan pinjam)"),
    LegalForm.SERBA_USAHA: _l("Multi-purpose (KSU), must convert"),
}
HEALTH: dict[Health, Any] = {
    Health.SEHAT: _l("Sound (sehat)"),
    Health.CUKUP_SEHAT: _l("Fairly sound (cukup sehat)"),
    Health.DALAM_PENGAWASAN: _l("Under supervision (dalam pengawasan)"),
    Health.DALAM_PENGAWASAN_KHUSUS: _l("Under special supervision (dalam pengawasan khusus)"),
}
ACTIVITY: dict[Activity, Any] = {
    Activity.AKTIF: _l("active"),
    Activity.KURANG_AKTIF: _l("less active"),
    Activity.TIDAK_AKTIF: _l("not active"),
}
BOARDS: dict[Board, Any] = {
    Board.PENGURUS: _l("Board (pengurus)"),
    Board.PENGAWAS: _l("Supervisors (pengawas)"),
}
SECTORS: dict[Sector, Any] = {
    Sector.KULINER: _l("Food and drink (kuliner)"),
    Sector.FESYEN: _l("Fashion (fesyen)"),
    Sector.KERAJINAN: _l("Crafts (kerajinan)"),
    Sector.JASA: _l("Services (jasa)"),
    Sector.PERDAGANGAN: _l("Trade (perdagangan)"),
    Sector.PERTANIAN: _l("Farming (pertanian)"),
    Sector.LAINNYA: _l("Other"),
}
CLASSES: dict[BusinessClass, Any] = {
    BusinessClass.MIKRO: _l("micro"),
    BusinessClass.KECIL: _l("small"),
    BusinessClass.MENENGAH: _l("medium"),
    BusinessClass.BESAR: _l("large (beyond UMKM)"),
}

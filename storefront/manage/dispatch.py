"""Manager views: courier dispatch — messages that gave up (with a retry button), settings links."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from catalog import backoffice, db
from catalog.db import utcnow
from orders import actors
from orders.dispatch import NotRetryable, dead_letters, message_of, order_codes, retry_dead
from storefront.activity import attempt_reason, dispatch_words
from storefront.database import start_writing
from storefront.manage import actor_id, bp, cooperative_id


@bp.get("/kurir/gagal", endpoint="dead_letters")
def dead_letters_page() -> ResponseReturnValue:
    messages = dead_letters(db.session, cooperative_id())
    return render_template(
        "manage/dead_letters.html",
        messages=messages,
        order_codes=order_codes(db.session, messages),
        galleries=backoffice.galleries_of(db.session, cooperative_id()),
        attempt_reason=attempt_reason,
        **dispatch_words(),
    )


@bp.post("/kurir/pesan/<int:message_id>/ulang")
def retry_message(message_id: int) -> ResponseReturnValue:
    start_writing(db.session)
    message = message_of(db.session, cooperative_id(), message_id)
    try:
        retry_dead(db.session, message, utcnow(), actor=actors.manager(actor_id()))
    except NotRetryable as error:
        flash(_(error.message, **error.params), "error")
        return redirect(url_for("manage.dead_letters")), 303
    flash(_("Message queued again; the dispatch worker sends it shortly."), "success")
    return redirect(url_for("manage.dead_letters"))

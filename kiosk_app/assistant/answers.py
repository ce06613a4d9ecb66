"""Replies from the procedure catalogue and engine: the same facts, in the same words, as the guided flow.

The sentences are in the core's message catalogue (``kiosk_app.messages``), so
the command line answers without Qt and a fee is worded as on the checklist.
Korean exists only so the Korean speech model can drive the end-to-end test;
it is answered in English.
"""

from __future__ import annotations

from kiosk_app.assistant.intents import Intent
from kiosk_app.assistant.understand import Understanding
from kiosk_app.catalogue.catalogue import Catalogue
from kiosk_app.catalogue.conditions import holds
from kiosk_app.catalogue.model import Procedure
from kiosk_app.messages import Texts
from kiosk_app.settings import SiteSettings
from kiosk_app.wording import counter_label, price

ABOUT_A_PROCEDURE = {
    Intent.OPEN_PROCEDURE, Intent.ASK_FEE, Intent.ASK_TIME, Intent.ASK_DOCUMENTS, Intent.ASK_LOCATION,
}  # fmt: skip


def reply(
    understanding: Understanding,
    catalogue: Catalogue | None,
    texts: Texts,
    site: SiteSettings,
    *,
    spoken: bool = False,
) -> str:
    """What the kiosk says back; facts from the catalogue and the engine, never invented.

    ``spoken``: the question was heard, not typed; a typed question was read
    perfectly well, so not understanding it is not "not catching" it.
    """
    intent = understanding.intent
    code = understanding.slots.get("procedure")
    procedure = catalogue.procedures.get(code) if catalogue is not None and code else None
    if intent is Intent.UNKNOWN:
        if spoken:
            return texts.tr("Sorry, I did not catch that. What would you like to do? You can choose below.")
        return texts.tr(
            "Sorry, I did not understand that question. What would you like to do? You can choose below."
        )
    if intent in ABOUT_A_PROCEDURE:
        if procedure is None:
            return texts.tr("Which procedure do you mean? Say its name, for example “birth registration”.")
        return _about(intent, procedure, texts, site)
    if intent is Intent.CHECK_STATUS:
        if understanding.slots.get("dossier_code"):
            return texts.tr("Opening dossier status for the code you gave.")
        return texts.tr("Opening dossier status. Scan your appointment slip or type its code.")
    simple = {
        Intent.TAKE_TICKET: texts.tr("Opening the queue ticket screen."),
        Intent.GO_HOME: texts.tr("Going to the home screen."),
        Intent.GO_BACK: texts.tr("Going back."),
        Intent.REPEAT: texts.tr("Here it is again."),
        Intent.HELP: texts.tr(
            "You can ask about fees, time, papers to bring, where to go, or your dossier's status."
        ),
        Intent.CHANGE_LANGUAGE: texts.tr("Changing the language."),
    }
    if intent in simple:
        return simple[intent]
    counter = understanding.slots.get("counter", site.help_counter)
    return texts.tr(
        "Please go to {counter}; a staff member will help you.",
        counter=counter_label(site, int(counter), texts),
    )


def _about(intent: Intent, procedure: Procedure, texts: Texts, site: SiteSettings) -> str:
    name = procedure.name.get(texts.language if texts.language in ("vi", "en") else "en")
    if intent is Intent.OPEN_PROCEDURE:
        return texts.tr("Opening the guide: {name}.", name=name)
    if intent is Intent.ASK_FEE:
        return _fee(procedure, name, texts)
    if intent is Intent.ASK_TIME:
        days = procedure.processing.working_days
        if days == 0:
            return texts.tr("{name}: the result is ready the same working day.", name=name)
        return texts.ntr("{name}: {n} working day.", "{name}: {n} working days.", days, name=name)
    if intent is Intent.ASK_DOCUMENTS:
        return _documents(procedure, name, texts)
    return texts.tr(
        "{name}: hand in your papers at {counter}.",
        name=name,
        counter=counter_label(site, procedure.counter, texts),
    )


def _fee(procedure: Procedure, name: str, texts: Texts) -> str:
    fixed = procedure.fixed_fee
    if fixed is None:
        lowest = procedure.lowest_fee
        if lowest == 0:
            return texts.tr(
                "{name}: free in many cases; open the guide to see what applies to you.", name=name
            )
        return texts.tr(
            "{name}: the fee depends on your case, from {amount}. Open the guide to work it out.",
            name=name,
            amount=price(lowest, texts),
        )
    if fixed == 0:
        return texts.tr("{name}: there is no fee.", name=name)
    return texts.tr("{name}: the fee is {amount}.", name=name, amount=price(fixed, texts))


def _documents(procedure: Procedure, name: str, texts: Texts) -> str:
    # The documents every case needs: those with no condition (the engine's rule for no answers).
    language = texts.language if texts.language in ("vi", "en") else "en"
    needed = [d for d in procedure.documents if holds(d.when, {})]
    names = [d.name.get(language) for d in needed]
    if len(names) > 1:
        listed = texts.tr("{first} and {last}", first=", ".join(names[:-1]), last=names[-1])
    else:
        listed = "".join(names)
    text = texts.tr("{name}: bring {list}.", name=name, list=listed)
    if len(needed) != len(procedure.documents):
        text += " " + texts.tr("Some cases need more papers; open the guide for the full list.")
    return text

"""`kiosk assistant understand|transcribe|train` and `kiosk models list|check|install`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from kiosk_app.assistant.intents import IntentFileError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def understand_command(args: argparse.Namespace) -> int:
    from kiosk_app.assistant.assistant import Assistant
    from kiosk_app.catalogue_cli import settings_and_catalogue
    from kiosk_app.messages import MessageCatalogue

    logging.getLogger().setLevel(logging.ERROR)
    found = settings_and_catalogue()
    if found is None:
        return EXIT_USAGE
    settings, service = found
    assistant = Assistant(service.catalogue, site=settings.site, messages=MessageCatalogue())
    try:
        answer = assistant.ask(args.text, args.lang)
    except IntentFileError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False))
    else:
        u = answer.understanding
        print(f"{u.intent} {json.dumps(u.slots, ensure_ascii=False)} ({u.confidence:.2f})\n{answer.reply}")
    return EXIT_OK


def train_command(args: argparse.Namespace) -> int:
    """Train each language's classifier from the shipped examples, intents and procedures.

    Exit 0 when every model is current (after training, or with ``--check`` already); 1 with
    ``--check`` when one is missing or out of date, or when an input file is broken.
    """
    import importlib.util
    import time

    from kiosk_app.assistant import training
    from kiosk_app.assistant.examples import ExampleFileError
    from kiosk_app.catalogue.catalogue import load_catalogue
    from kiosk_app.catalogue_cli import shipped_folder

    logging.getLogger().setLevel(logging.ERROR)
    if not args.check and importlib.util.find_spec("numpy") is None:
        print("kiosk: training needs numpy (a development install: ./dev.sh setup)", file=sys.stderr)
        return EXIT_FAILED
    procedures = list(load_catalogue(shipped_folder()).procedures.values())
    status = EXIT_OK
    for language in [args.lang] if args.lang else ["vi", "en"]:
        try:
            if args.check:
                current = training.is_current(language, procedures)
                print(f"{language}: {'current' if current else 'missing or out of date'}")
                status = status if current else EXIT_FAILED
                continue
            started = time.monotonic()
            path, trained = training.build(language, procedures, force=args.force)
        except (IntentFileError, ExampleFileError) as exc:
            print(f"kiosk: {exc}", file=sys.stderr)
            return EXIT_FAILED
        took = f"trained in {time.monotonic() - started:.1f} s" if trained else "current"
        print(f"{language}: {path} ({took})")
    return status


def transcribe_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk_app.assistant import models
    from kiosk_app.assistant.audio import read_any_wav
    from kiosk_app.assistant.recognizer import RecognitionError, SpeechModel, transcribe

    logging.getLogger().setLevel(logging.ERROR)
    try:
        entries = models.known_models(_installed_dir())
    except models.ModelError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    wanted = [e for e in entries if args.model in (None, e.name) and (args.lang in (None, e.language))]
    usable = [(e, d) for e in wanted if (d := models.locate(e)) is not None]
    if not usable:
        known = ", ".join(e.name for e in entries) or "none"
        print(
            f"kiosk: no installed speech model matches (known: {known}); see `kiosk models list`",
            file=sys.stderr,
        )
        return EXIT_USAGE if args.model else EXIT_FAILED
    entry, directory = usable[0]
    try:
        pcm = read_any_wav(Path(args.file))
        model = SpeechModel(directory, name=entry.name, language=entry.language)
    except RecognitionError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    grammar = None
    if args.grammar:
        from kiosk_app.assistant.assistant import Assistant
        from kiosk_app.catalogue_cli import settings_and_catalogue
        from kiosk_app.messages import MessageCatalogue

        found = settings_and_catalogue()
        if found is None:
            return EXIT_USAGE
        settings, service = found
        assistant = Assistant(service.catalogue, site=settings.site, messages=MessageCatalogue())
        grammar = model.grammar(assistant.grammar_phrases(args.lang or entry.language))
    result = transcribe(model, pcm, grammar)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(f"{result.text}\n({result.duration_s:.2f} s of audio, decoded in {result.decode_s:.3f} s)")
    return EXIT_OK


def _installed_dir() -> Path | None:
    """The data folder's models, per the site file (KIOSK_CONFIG) and KIOSK_DATA_DIR."""
    import os

    from kiosk_app.assistant import models
    from kiosk_app.settings import ConfigError, load_settings

    site = os.environ.get("KIOSK_CONFIG")
    try:
        settings = load_settings(Path(site) if site else None)
    except ConfigError:
        return None
    return models.installed_dir(settings.data_dir())


def models_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk_app.assistant import models

    logging.getLogger().setLevel(logging.ERROR)
    installed = _installed_dir()
    try:
        entries = models.known_models(installed)
        if args.models_command == "install":
            # Into the kiosk's data folder: the installed program's own folder may be read-only.
            folder = installed or models.models_dir()
            entry = models.install(Path(args.source), name=args.name, language=args.lang, folder=folder)
            grammar = "accepts a grammar" if entry.runtime_grammar else "free speech only"
            print(f"installed {entry.name} ({entry.language}), {grammar}")
            return EXIT_OK
    except models.ModelError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    as_json = bool(args.json)
    if args.models_command == "list":
        rows = []
        for entry in entries:
            directory = models.locate(entry)
            where = str(directory) if directory is not None else ""
            rows.append({**entry.as_dict(), "installed": directory is not None, "directory": where})
        if as_json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                state = "installed" if row["installed"] else "not installed"
                print(f"{row['name']:<28} {row['language']:<3} {state:<14} {row['directory']}")
        return EXIT_OK
    chosen = [e for e in entries if args.name in (None, e.name)]
    if args.name and not chosen:
        print(f"kiosk: no model named {args.name!r} in the manifest", file=sys.stderr)
        return EXIT_USAGE
    reports = [models.check(entry) for entry in chosen]
    if as_json:
        print(json.dumps([{"name": r.entry.name, "ok": r.ok, "problems": list(r.problems)} for r in reports]))
    else:
        for report in reports:
            print(f"{report.entry.name}: {'ok' if report.ok else '; '.join(report.problems)}")
    # Only installed models can fail a check; one not installed is reported, not an error.
    present = [r for r in reports if r.directory is not None]
    return EXIT_OK if all(r.ok for r in present) else EXIT_FAILED

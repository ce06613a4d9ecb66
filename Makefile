# Shortcuts for developers; each target goes through dev.sh, which installs
# whatever is missing first.
.PHONY: demo test setup screenshots bench bundle lint translations

demo:
	./dev.sh demo

test:
	./dev.sh test

setup:
	./dev.sh setup

screenshots:
	./dev.sh screenshots

bench:
	./dev.sh bench

bundle: setup
	.venv/bin/pyinstaller --noconfirm --log-level ERROR --distpath build/dist --workpath build/pyinstaller kiosk.spec

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

# After adding or changing a translate("...") string: refresh the .ts, translate, rebuild.
translations: setup
	.venv/bin/pyside6-lupdate $$(find ui -name '*.py') -ts ui/translations/kiosk_vi.ts -no-obsolete
	.venv/bin/pyside6-lrelease ui/translations/kiosk_vi.ts

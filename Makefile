# Conveniences over scripts/ (the README's two commands work without make).
PREFIX ?= /usr/local

.PHONY: demo test build install clean

demo:
	scripts/demo

test:
	scripts/test

build:
	scripts/install-deps
	swift build -c release --product briefing

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/briefing $(DESTDIR)$(PREFIX)/bin/briefing

clean:
	rm -rf .build

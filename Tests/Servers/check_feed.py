"""Reads an Atom feed as two readers we did not write do, for briefing's archive tests.

Parses FILE with feedparser (the library most feed readers' behaviour is measured against)
and with Python's xml.etree (a strict XML parser: a document that is not well-formed raises).
Prints, as JSON: feedparser's bozo flag and exception, the version it detected, the feed's id,
title and links, and per entry its id, title, link, published and updated dates (as feedparser
reads them), and its content exactly as the XML holds it once unescaped (from xml.etree, not
feedparser, which would sanitize what we must prove inert ourselves).

Usage: python3 check_feed.py FILE
"""
import json
import sys
import xml.etree.ElementTree as ElementTree

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"


def main():
    raw = open(sys.argv[1], "rb").read()
    parsed = feedparser.parse(raw)
    root = ElementTree.fromstring(raw)
    contents = [
        {"type": entry.find(ATOM + "content").get("type"), "text": entry.find(ATOM + "content").text or ""}
        for entry in root.findall(ATOM + "entry")
    ]
    result = {
        "bozo": int(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "version": parsed.version,
        "id": parsed.feed.get("id"),
        "title": parsed.feed.get("title"),
        "links": [[link.get("rel"), link.get("href")] for link in parsed.feed.get("links", [])],
        "entries": [
            {
                "id": entry.get("id"),
                "title": entry.get("title"),
                "link": entry.get("link"),
                "published": entry.get("published"),
                "updated": entry.get("updated"),
                "content_type": content["type"],
                "content": content["text"],
            }
            for entry, content in zip(parsed.entries, contents)
        ],
        "xml_entries": len(contents),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

"""Checks one received mail message as a strict reader would, for briefing's mail tests.

Parses FILE with Python's email package under policy=email.policy.strict (which raises on
the first defect), walks every part and every header, and fails (exit 1, the defects on
standard error) when any defect is recorded. Otherwise prints, as JSON: the decoded From, To
and Subject (display names and addresses apart), the header names in order, the longest
header line in bytes, the decoded text of the text/plain part, and the List-Unsubscribe header's value (null
without one).

Usage: python3 check_message.py FILE
"""
import email
import email.policy
import json
import sys


def main():
    raw = open(sys.argv[1], "rb").read()
    try:
        message = email.message_from_bytes(raw, policy=email.policy.strict)
        defects = []
        text = None
        for part in message.walk():
            defects += ["%s: %r" % (part.get_content_type(), d) for d in part.defects]
            for name, value in part.items():
                defects += ["%s: %r" % (name, d) for d in getattr(value, "defects", ())]
            if part.get_content_type() == "text/plain" and text is None:
                text = part.get_content()
        result = {
            "from": [[a.display_name, a.addr_spec] for a in message["From"].addresses],
            "to": [[a.display_name, a.addr_spec] for a in message["To"].addresses],
            "subject": str(message["Subject"]),
            "headers": list(message.keys()),
            "text": text,
            "list_unsubscribe": str(message["List-Unsubscribe"]) if message["List-Unsubscribe"] else None,
        }
    except Exception as error:  # the strict policy raises defects as exceptions
        defects = ["%s: %s" % (type(error).__name__, error)]
    if defects:
        sys.stderr.write("\n".join(defects) + "\n")
        sys.exit(1)
    head = raw.split(b"\r\n\r\n", 1)[0]
    result["longest_header_line"] = max(len(line) for line in head.split(b"\r\n"))
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

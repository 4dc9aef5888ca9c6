"""An SMTP server on 127.0.0.1 for briefing's mail tests, built on aiosmtpd.

Listens on an ephemeral port and prints "PORT <n>" once it does. Each message received is
written, raw bytes as they came after DATA, to FOLDER/<n>.eml (written under a temporary name
and renamed before the server answers 250, so a client that was told "sent" finds the file).

Usage: python3 smtp_server.py MODE FOLDER [CERT KEY USER PASSWORD]
  plain     no TLS, no STARTTLS offered, no AUTH
  starttls  STARTTLS required before anything else, AUTH required (and only after TLS),
            accepting USER with PASSWORD
  smtps     TLS from the first byte (implicit TLS), AUTH required, accepting USER/PASSWORD
"""
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult


class Keeper:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%d.eml" % self.count)
        with open(path + ".part", "wb") as file:
            file.write(envelope.original_content)
        os.rename(path + ".part", path)
        return "250 OK kept"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        accepted = auth_data.login == user.encode() and auth_data.password == password.encode()
        # handled=False: aiosmtpd answers 535 itself (by default it would answer nothing).
        return AuthResult(success=accepted, handled=False)

    return check


def watch_parent(loop, parent):
    """Ends the server when the test process that started it is gone (killed by a timeout)."""
    if os.getppid() != parent:
        loop.stop()
    else:
        loop.call_later(1, watch_parent, loop, parent)


def main():
    # A process started from a thread of the test runner inherits its blocked signals; the
    # runner's SIGTERM must end this server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    mode, folder = sys.argv[1], sys.argv[2]
    keeper = Keeper(folder)
    options = {}
    listen_tls = None
    if mode != "plain":
        cert, key, user, password = sys.argv[3:7]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        options = dict(auth_required=True, authenticator=authenticator(user, password))
        if mode == "starttls":
            options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
        elif mode == "smtps":
            # The whole connection is TLS; aiosmtpd only knows about STARTTLS's.
            options.update(auth_require_tls=False)
            listen_tls = context
        else:
            sys.exit("unknown mode " + mode)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    factory = lambda: SMTP(keeper, hostname="localhost", loop=loop, **options)
    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=0, ssl=listen_tls))
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    watch_parent(loop, os.getppid())
    loop.run_forever()


if __name__ == "__main__":
    main()

"""An HTTPS server on 127.0.0.1 for briefing's TLS tests.

Serves every GET with a small RSS feed, over TLS with the certificate and key given, on an
ephemeral port; prints "PORT <n>" once it listens, then one line per request.
Usage: python3 https_server.py CERT KEY
"""
import http.server
import ssl
import sys

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>TLS test feed</title><link>https://localhost/</link>
<item><title>Served over TLS</title><guid>tls-1</guid><link>https://localhost/a</link>
<description>A private authority signed this server's certificate on 30 November 2026.</description>
</item></channel></rss>
"""


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)
        print("GET", self.path, flush=True)

    def log_message(self, *args):
        pass


def main():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""An EC2 instance metadata service speaking IMDSv2 (tokens required), for DebPackageIT.

Usage: fake_imds.py ADDRESS PORT PUBLIC_IPV4 LOCAL_IPV4
PUT /latest/api/token (with X-aws-ec2-metadata-token-ttl-seconds) returns a token; a GET
without a valid token gets 401; unknown items 404. Prints "ready" once it listens.
"""
import http.server
import secrets
import sys

address, port, public_ip, local_ip = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
items = {"/latest/meta-data/public-ipv4": public_ip, "/latest/meta-data/local-ipv4": local_ip}
tokens = set()


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, status, body=""):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        if self.path != "/latest/api/token":
            return self.reply(405)
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.reply(400)
        token = secrets.token_urlsafe(32)
        tokens.add(token)
        self.reply(200, token)

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") not in tokens:
            return self.reply(401)
        if self.path not in items:
            return self.reply(404)
        self.reply(200, items[self.path])

    def log_message(self, fmt, *args):
        sys.stdout.write("%s %s\n" % (self.command, self.path))
        sys.stdout.flush()


server = http.server.HTTPServer((address, port), Handler)
print("ready", flush=True)
server.serve_forever()

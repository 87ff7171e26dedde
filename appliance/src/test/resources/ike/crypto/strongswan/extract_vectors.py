#!/usr/bin/env python3
"""Turns one strongSwan capture directory (packets.hex + charon-L.log + charon-R.log, charon at
ike=4 enc=3 chd=4) into the flat `name = hex` vector file the Java known-answer tests read.

usage: extract_vectors.py CAPTURE_DIR > NAME.vectors
L is the initiator (192.0.2.1), R the responder (192.0.2.2). Only dumps are copied; nothing is
recomputed here, so the Java tests compare vpnd against strongSwan, not against this script.
"""
import re
import sys

DUMP = re.compile(r'^\S+ (\d+\[\w+\]) (.*?) => (\d+) bytes @')
HEXLINE = re.compile(r'^\S+ (\d+\[\w+\])\s+\d+: ((?:[0-9A-F]{2} ){1,16})')


def dumps(path):
    """All hex dumps of a charon log as (thread, name, bytes), in log order."""
    lines = open(path, encoding='latin-1').read().split('\n')
    out = []
    for i, line in enumerate(lines):
        m = DUMP.match(line)
        if not m:
            continue
        thread, name, n = m.group(1), m.group(2).strip(), int(m.group(3))
        data = bytearray()
        j = i + 1
        while len(data) < n and j < len(lines):
            h = HEXLINE.match(lines[j])
            if h and h.group(1) == thread:
                data += bytes.fromhex(h.group(2).replace(' ', ''))
            j += 1
        if len(data) == n:
            out.append((thread, name, bytes(data)))
    return out


def first(ds, name, nth=0):
    hits = [d for _, n, d in ds if n == name]
    return hits[nth] if len(hits) > nth else None


def packets(path):
    out = []
    src = None
    for line in open(path):
        line = line.strip()
        if line.startswith('#'):
            src = line
        elif line:
            out.append((src, bytes.fromhex(line)))
    return out


def payloads(msg):
    """Walks the unencrypted payload chain of an IKE message: [(type, body)]."""
    nxt = msg[16]
    off = 28
    res = []
    while nxt != 0 and off < len(msg):
        ptype = nxt
        nxt = msg[off]
        plen = int.from_bytes(msg[off + 2:off + 4], 'big')
        res.append((ptype, msg[off + 4:off + plen]))
        if ptype == 46:
            break
        off += plen
    return res


def main(d):
    L = dumps(d + '/charon-L.log')
    R = dumps(d + '/charon-R.log')
    pk = packets(d + '/packets.hex')
    ike = []
    for src, p in pk:
        if ':500 ' in src:
            ike.append(p)
        elif p[:4] == b'\0\0\0\0':
            ike.append(p[4:])
    init_req, init_resp, auth_req, auth_resp = ike[0], ike[1], ike[2], ike[3]
    out = {}
    out['ike_sa_init_request'] = init_req
    out['ike_sa_init_response'] = init_resp
    out['ike_auth_request'] = auth_req
    out['ike_auth_response'] = auth_resp
    out['spi_i'] = init_req[0:8]
    out['spi_r'] = init_resp[8:16]
    for name, msg in (('i', init_req), ('r', init_resp)):
        notifies = []
        for t, body in payloads(msg):
            if t == 34:
                out['ke_' + name] = body[4:]
                out['ke_group_' + name] = body[0:2]
            elif t == 40:
                out['n' + name] = body
            elif t == 41:
                ntype = int.from_bytes(body[2:4], 'big')
                if ntype == 16388:
                    out['natd_source_ip_' + name] = body[4:]
                elif ntype == 16389:
                    out['natd_destination_ip_' + name] = body[4:]
    out['dh_shared'] = first(L, 'shared Diffie Hellman secret')
    assert out['dh_shared'] == first(R, 'shared Diffie Hellman secret')
    out['skeyseed'] = first(L, 'SKEYSEED')
    for k in ('d', 'ai', 'ar', 'ei', 'er', 'pi', 'pr'):
        v = first(L, 'Sk_%s secret' % k)
        if v is not None:
            out['sk_' + k] = v
            assert v == first(R, 'Sk_%s secret' % k)
    # L builds its own AUTH first, then verifies R's; each uses IDx', octets and AUTH dumps.
    out['psk'] = first(L, 'secret')
    out['idi_body'] = first(L, "IDx'", 0)
    out['idr_body'] = first(L, "IDx'", 1)
    out['octets_i'] = first(L, "octets = message + nonce + prf(Sk_px, IDx')", 0)
    out['octets_r'] = first(L, "octets = message + nonce + prf(Sk_px, IDx')", 1)
    out['psk_keypad'] = first(L, 'prf(secret, keypad)')
    out['auth_i'] = first(L, 'AUTH = prf(prf(secret, keypad), octets)', 0)
    out['auth_r'] = first(L, 'AUTH = prf(prf(secret, keypad), octets)', 1)
    # SK payload plaintexts: L encrypted the IKE_AUTH request, R the IKE_AUTH response.
    out['auth_request_plain'] = first(L, 'plain') + first(L, 'padding')
    out['auth_response_plain'] = first(R, 'plain', 1) + first(R, 'padding', 1)
    out['child_seed'] = first(L, 'seed')
    for label, key in (('encryption initiator key', 'child_encr_i'),
                       ('encryption responder key', 'child_encr_r'),
                       ('integrity initiator key', 'child_integ_i'),
                       ('integrity responder key', 'child_integ_r')):
        v = first(L, label)
        if v is not None:
            out[key] = v
    n = 0
    for side, ds in (('L', L), ('R', R)):
        chunks = [dd for _, nm, dd in ds if nm == 'natd_chunk']
        hashes = [dd for _, nm, dd in ds if nm == 'natd_hash']
        for c, h in zip(chunks, hashes):
            out['natd_chunk_%d' % n] = c
            out['natd_hash_%d' % n] = h
            n += 1
    print('# strongSwan 5.9 capture %s: charon logs (ike=4, chd=4) and packets.hex,' % d.rstrip('/').split('/')[-1])
    print('# extracted by extract_vectors.py. Initiator 192.0.2.1 (left.vpn.test), responder')
    print('# 192.0.2.2 (right.vpn.test). IKE messages without the non-ESP marker.')
    for k, v in out.items():
        print('%s = %s' % (k, v.hex()))


main(sys.argv[1])

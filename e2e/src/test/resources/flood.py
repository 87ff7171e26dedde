#!/usr/bin/env python3
"""Bounded hostile traffic at a vpnd (network safety: only to the lab address given, for a fixed
number of packets at a fixed rate). Usage:
  flood.py TARGET_IP SECONDS PPS SPI_HEX [REPLAY_PCAP [START_EPOCH_SECONDS]]
Mix: random garbage to UDP 500 and 4500; IKE headers with random SPIs; ESP with vpnd's real
inbound SPI and a garbage body (fails the ICV); ESP with unknown SPIs; short datagrams on 4500;
and, if a capture is given, replays of real ESP datagrams sent to the target earlier.
Every datagram is made before the first is sent, and they go out in bursts every 10 ms, so the
flooder's own CPU use (on a machine it shares with the daemon under test) stays small."""
import os, random, socket, struct, sys, time

target, seconds, pps, spi = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4], 16)
replays = []
if len(sys.argv) > 5 and os.path.exists(sys.argv[5]):
    d = open(sys.argv[5], 'rb').read()
    end = '<' if struct.unpack('<I', d[:4])[0] in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    link = struct.unpack(end + 'I', d[20:24])[0]
    off = 24
    while off + 16 <= len(d):
        _, _, incl, _ = struct.unpack(end + 'IIII', d[off:off + 16]); off += 16
        pkt = d[off:off + incl]; off += incl
        pkt = pkt[14:] if link == 1 else pkt[16:] if link == 113 else pkt
        ihl = (pkt[0] & 15) * 4
        payload = pkt[ihl + 8:]
        if len(payload) > 8 and payload[:4] != b'\0\0\0\0':
            replays.append(payload)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rnd = random.Random(7)
total = int(seconds * pps)
datagrams = []
for i in range(total):
    kind = i % 6
    if kind == 0:
        port, data = rnd.choice((500, 4500)), os.urandom(rnd.randint(1, 1400))
    elif kind == 1:   # IKE header shape, random SPIs, wrong everything else
        hdr = os.urandom(16) + bytes([33, 0x20, rnd.choice((34, 35, 36, 37)), 0x08]) + struct.pack('>II', 0, 28 + 40)
        port, data = 500, hdr + os.urandom(40)
    elif kind == 2:   # vpnd's real SPI, garbage body: must fail the ICV
        port, data = 4500, struct.pack('>II', spi, rnd.randint(1, 1 << 30)) + os.urandom(rnd.randint(40, 1400))
    elif kind == 3:   # unknown SPI
        port, data = 4500, struct.pack('>II', rnd.randint(0x100, 0xbfffffff), 1) + os.urandom(100)
    elif kind == 4:   # too short for anything
        port, data = 4500, os.urandom(rnd.randint(2, 3))
    else:             # a replay of a real datagram, if we have any
        port, data = 4500, (rnd.choice(replays) if replays else os.urandom(64))
    datagrams.append((kind, (target, port), data))
if len(sys.argv) > 6:
    time.sleep(max(0.0, float(sys.argv[6]) - time.time()))
tick = 0.01
burst = max(1, int(pps * tick))
start = time.monotonic()
sent = {}
for i in range(0, total, burst):
    for kind, address, data in datagrams[i:i + burst]:
        sock.sendto(data, address)
        sent[kind] = sent.get(kind, 0) + 1
    ahead = (i + burst) / pps - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
print("sent", total, "datagrams:", sent, "replay pool", len(replays), "in %.1f s" % (time.monotonic() - start))

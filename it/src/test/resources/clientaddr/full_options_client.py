#!/usr/bin/env python3
"""A TCP client whose segments after the SYN carry 40 bytes of options (the most a TCP header holds),
so a director has no room to add the TOA option. It speaks HTTP/1.0 over raw sockets: no kernel
socket exists for the flow, so the client kernel's resets are dropped with an nftables rule (removed
on exit). Prints the HTTP response; exits 0 when it is complete (the server closed after it).

usage: full_options_client.py SRC DST DPORT SPORT
"""
import shutil
import socket
import struct
import subprocess
import sys
import time

src, dst, dport, sport = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
SYN, RST, PSH, ACK, FIN = 0x02, 0x04, 0x08, 0x10, 0x01
FULL = b"\x01" * 40  # NOPs: any stack parses them; what counts is that no byte is left


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def segment(seq, ack, flags, options, payload=b""):
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (20 + len(options)) // 4 << 4, flags, 65535, 0, 0)
    header += options
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(header) + len(payload))
    c = checksum(pseudo + header + payload)
    return header[:16] + struct.pack("!H", c) + header[18:] + payload


NFT = shutil.which("nft") or shutil.which("nft", path="/usr/sbin:/sbin")


def nft(*args):
    subprocess.run([NFT, *args], check=True)


nft("add", "table", "ip", "fullopts")
nft("add", "chain", "ip", "fullopts", "out", "{ type filter hook output priority 0; }")
nft("add", "rule", "ip", "fullopts", "out", "tcp", "sport", str(sport), "tcp", "flags", "rst", "drop")
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    s.settimeout(5)

    def receive():
        while True:
            packet, (addr, _) = s.recvfrom(65535)
            ihl = (packet[0] & 0x0F) * 4
            tcp = packet[ihl:]
            p_sport, p_dport, seq, ack, off, flags = struct.unpack("!HHIIBB", tcp[:14])
            if addr == dst and p_sport == dport and p_dport == sport:
                return seq, ack, flags, tcp[(off >> 4) * 4:]

    isn = 1_000_000
    s.sendto(segment(isn, 0, SYN, b"\x02\x04\x05\xb4"), (dst, 0))
    seq, _, flags, _ = receive()
    assert flags & (SYN | ACK) == SYN | ACK, "no SYN-ACK"
    rcv = seq + 1
    s.sendto(segment(isn + 1, rcv, ACK, FULL), (dst, 0))
    request = b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n"
    s.sendto(segment(isn + 1, rcv, PSH | ACK, FULL, request), (dst, 0))
    response = b""
    deadline = time.time() + 10
    while time.time() < deadline:
        seq, _, flags, payload = receive()
        if flags & RST:
            sys.exit("reset by the server")
        if seq == rcv:
            response += payload
            rcv += len(payload) + (1 if flags & FIN else 0)
        s.sendto(segment(isn + 1 + len(request), rcv, ACK, FULL), (dst, 0))
        if flags & FIN and seq + len(payload) + 1 == rcv:
            s.sendto(segment(isn + 1 + len(request), rcv, FIN | ACK, FULL), (dst, 0))
            sys.stdout.write(response.decode("ascii", "replace"))
            sys.exit(0)
    sys.exit("no complete response:\n" + response.decode("ascii", "replace"))
finally:
    nft("delete", "table", "ip", "fullopts")

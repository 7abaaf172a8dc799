#!/usr/bin/env python3
"""What AF_PACKET hands a forwarder when veth offloads are on (PACKET_VNET_HDR), measured.

Topology (namespaces made and removed here, prefix gp-):
    gp-a (10.99.0.1, va) ==veth== vp1 [gp-p: this forwarder] vp2 ==veth== vc (10.99.0.2, gp-c)

The forwarder (this script, in gp-p) opens on each of vp1/vp2 an AF_PACKET socket with a
TPACKET_V2 RX ring of small slots, PACKET_VNET_HDR and PACKET_COPY_THRESH, and a second socket
for transmit: with --tx ring a TX ring with PACKET_VNET_HDR (slots large enough for 64 KiB),
with --tx sendmsg a plain socket and one sendmsg per frame. It bridges every frame unchanged
(virtio_net_hdr passed through), counts what it saw, and a TCP transfer of N MiB from gp-a to
gp-c is checked with SHA-256. Run as root:  python3 bench/gso-probe.py [--mib 64] [--tx ring]
"""
import argparse, hashlib, mmap, os, select, socket, struct, subprocess, sys, threading, time, collections

SOL_PACKET = 263
PACKET_RX_RING, PACKET_COPY_THRESH, PACKET_VERSION, PACKET_TX_RING = 5, 7, 10, 13
PACKET_VNET_HDR, PACKET_QDISC_BYPASS, PACKET_IGNORE_OUTGOING, PACKET_LOSS = 15, 20, 23, 14
TPACKET_V2 = 1
TP_STATUS_USER, TP_STATUS_COPY, TP_STATUS_LOSING, TP_STATUS_CSUMNOTREADY, TP_STATUS_CSUM_VALID = 1, 2, 4, 8, 0x80
ETH_P_ALL = 3
VNET = struct.Struct("<BBHHHH")  # flags gso_type hdr_len gso_size csum_start csum_offset
GSO_NAMES = {0: "none", 1: "tcpv4", 3: "udp", 4: "tcpv6", 5: "udp_l4"}

def sh(cmd):
    subprocess.run(cmd, shell=True, check=True)

def setns(name):
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    import ctypes  # os.setns is Python 3.12+
    if ctypes.CDLL(None, use_errno=True).setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
        raise OSError(ctypes.get_errno(), "setns")
    os.close(fd)

def topo(offloads):
    down()
    for n in ("gp-a", "gp-p", "gp-c"):
        sh(f"ip netns add {n}")
        sh(f"ip -n {n} link set lo up")
    sh("ip link add va netns gp-a type veth peer name vp1 netns gp-p")
    sh("ip link add vc netns gp-c type veth peer name vp2 netns gp-p")
    for ns, dev in (("gp-a", "va"), ("gp-p", "vp1"), ("gp-p", "vp2"), ("gp-c", "vc")):
        sh(f"ip netns exec {ns} ethtool -K {dev} {offloads} >/dev/null 2>&1 || true")
        sh(f"ip -n {ns} link set {dev} up")
    sh("ip -n gp-a addr add 10.99.0.1/24 dev va")
    sh("ip -n gp-c addr add 10.99.0.2/24 dev vc")
    # the forwarder is the only path; the kernel in gp-p has no addresses and drops what it sees
    sh("ip netns exec gp-p sysctl -qw net.ipv6.conf.all.disable_ipv6=1")

def down():
    for n in ("gp-a", "gp-p", "gp-c"):
        subprocess.run(f"ip netns del {n}", shell=True, stderr=subprocess.DEVNULL)

class Port:
    """One interface: RX ring socket + TX socket."""
    def __init__(self, dev, slot, nslots, tx_mode, tx_slot):
        self.dev = dev
        self.rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        self.rx.setsockopt(SOL_PACKET, PACKET_VERSION, TPACKET_V2)
        self.rx.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
        self.rx.setsockopt(SOL_PACKET, PACKET_COPY_THRESH, 1)
        self.rx.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
        self.rx.setsockopt(socket.SOL_SOCKET, 33, 32 << 20)  # SO_RCVBUFFORCE: the copy queue's limit
        self.slot, self.nslots = slot, nslots
        self.rx.setsockopt(SOL_PACKET, PACKET_RX_RING, struct.pack("IIII", slot * 16, nslots // 16, slot, nslots))
        self.ring = mmap.mmap(self.rx.fileno(), slot * nslots)
        self.rx.bind((dev, ETH_P_ALL))
        self.head = 0
        self.tx_mode = tx_mode
        self.tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        self.tx.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
        self.tx.setsockopt(SOL_PACKET, PACKET_QDISC_BYPASS, 1)
        if tx_mode == "ring":
            self.tx.setsockopt(SOL_PACKET, PACKET_VERSION, TPACKET_V2)
            self.tx.setsockopt(SOL_PACKET, PACKET_LOSS, 1)
            self.tx_slot, self.tx_n = tx_slot, 64
            self.tx.setsockopt(SOL_PACKET, PACKET_TX_RING, struct.pack("IIII", tx_slot, self.tx_n, tx_slot, self.tx_n))
            self.txring = mmap.mmap(self.tx.fileno(), tx_slot * self.tx_n)
            self.tx_head = 0
        self.tx.bind((dev, 0))
        self.stats = collections.Counter()
        self.biggest = 0
        self.examples = []

    def send(self, vnet_and_frame):
        if self.tx_mode == "sendmsg":
            self.tx.send(vnet_and_frame)
            return
        base = self.tx_head * self.tx_slot
        while struct.unpack_from("I", self.txring, base)[0] != 0:  # wait for AVAILABLE
            self.tx.send(b"")
        data = 32  # TPACKET2_HDRLEN - sizeof(sockaddr_ll)
        self.txring[base + data: base + data + len(vnet_and_frame)] = vnet_and_frame
        struct.pack_into("II", self.txring, base + 4, len(vnet_and_frame), len(vnet_and_frame))
        struct.pack_into("I", self.txring, base, 1)  # SEND_REQUEST
        self.tx_head = (self.tx_head + 1) % self.tx_n
        r = self.tx.send(b"")
        st = struct.unpack_from("I", self.txring, base)[0]
        if st == 4:
            self.stats["tx_wrong_format"] += 1

    def drain(self, out):
        n = 0
        while True:
            base = self.head * self.slot
            status, length, snap, mac, net = struct.unpack_from("IIIHH", self.ring, base)
            if not status & TP_STATUS_USER:
                return n
            vnet = self.ring[base + mac - 10: base + mac]
            flags, gso, hdr_len, gso_size, cs, co = VNET.unpack(vnet)
            s = self.stats
            s["frames"] += 1
            s[f"gso_{GSO_NAMES.get(gso & 0x7f, gso)}"] += 1
            if flags & 1: s["needs_csum"] += 1
            if flags & 2: s["data_valid"] += 1
            if status & TP_STATUS_CSUMNOTREADY: s["status_csumnotready"] += 1
            if status & TP_STATUS_CSUM_VALID: s["status_csum_valid"] += 1
            if snap < length:
                s["truncated_in_ring"] += 1
            if status & TP_STATUS_COPY:
                s["status_copy"] += 1
                whole = self.rx.recv(1 << 17)
                if len(whole) != length + 10:
                    s["copy_len_mismatch"] += 1
                frame = whole
            elif snap < length:
                s["lost_truncated"] += 1
                frame = None
            else:
                frame = vnet + self.ring[base + mac: base + mac + snap]
            if frame is not None:
                self.biggest = max(self.biggest, length)
                if gso and len(self.examples) < 3:
                    self.examples.append(dict(len=length, snaplen=snap, status=hex(status), flags=flags,
                                              gso=GSO_NAMES.get(gso & 0x7f, gso), hdr_len=hdr_len, gso_size=gso_size,
                                              csum_start=cs, csum_offset=co))
                out.send(frame)
            struct.pack_into("I", self.ring, base, 0)
            self.head = (self.head + 1) % self.nslots
            n += 1

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--tx", choices=("ring", "sendmsg"), default="sendmsg")
    ap.add_argument("--offloads", default="tso on gso on gro on tx on rx on")
    args = ap.parse_args()
    topo(args.offloads)
    try:
        setns("gp-p")
        p1 = Port("vp1", 2048, 512, args.tx, 1 << 17)
        p2 = Port("vp2", 2048, 512, args.tx, 1 << 17)
        stop = threading.Event()
        def fwd():
            poller = select.poll()
            poller.register(p1.rx, select.POLLIN)
            poller.register(p2.rx, select.POLLIN)
            while not stop.is_set():
                if p1.drain(p2) + p2.drain(p1) == 0:
                    poller.poll(20)
        t = threading.Thread(target=fwd, daemon=True)
        t.start()
        # server in gp-c, client in gp-a (child processes that enter the namespaces)
        n = args.mib << 20
        srv = subprocess.Popen(["ip", "netns", "exec", "gp-c", sys.executable, "-c",
            "import socket,hashlib;s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);"
            "s.bind(('10.99.0.2',5001));s.listen();c,_=s.accept();h=hashlib.sha256();m=0\n"
            "while True:\n d=c.recv(1<<20)\n if not d: break\n h.update(d);m+=len(d)\n"
            "print(m,h.hexdigest())"], stdout=subprocess.PIPE, text=True)
        time.sleep(0.5)
        payload = os.urandom(1 << 20)
        want = hashlib.sha256()
        for _ in range(args.mib):
            want.update(payload)
        t0 = time.time()
        cli = subprocess.run(["ip", "netns", "exec", "gp-a", sys.executable, "-c",
            f"import socket,sys;d=sys.stdin.buffer.read();s=socket.create_connection(('10.99.0.2',5001),timeout=20)\n"
            f"for _ in range({args.mib}): s.sendall(d)\ns.shutdown(socket.SHUT_WR);s.recv(1)"],
            input=payload, timeout=120)
        got = srv.communicate(timeout=60)[0].split()
        dt = time.time() - t0
        stop.set()
        ok = int(got[0]) == n and got[1] == want.hexdigest()
        print(f"tx={args.tx} offloads='{args.offloads}': {n >> 20} MiB in {dt:.2f} s, intact={ok}")
        for p in (p1, p2):
            print(f"  RX {p.dev}: largest frame {p.biggest} B, {dict(p.stats)}")
            for e in p.examples:
                print(f"    {e}")
    finally:
        down()

if __name__ == "__main__":
    main()

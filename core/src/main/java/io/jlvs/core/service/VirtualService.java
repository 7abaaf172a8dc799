package io.jlvs.core.service;

import io.jlvs.core.net.InetAddr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual service as one immutable snapshot sees it: either (protocol, VIP, port) or a firewall
 * mark (with an address family), plus how it schedules, persists and forwards.
 *
 * <p>{@link #id()} is stable across republished snapshots while the service keeps its key, so
 * per-worker state keyed by it (persistence templates, scheduler state) carries over.
 *
 * <p>Everything a worker reads per packet is a final field or an array element; nothing here
 * allocates after construction.
 */
public final class VirtualService {
    /** ipvsadm's {@code -p} without a value. */
    public static final int DEFAULT_PERSISTENCE_TIMEOUT = 300;

    private static final long V4_PREFIX_MASK = 0xFFFF_FFFF_0000_0000L;

    private final int id;
    private final Protocol protocol;
    private final int fwmark;
    private final boolean ipv6;
    private final long vipHi;
    private final long vipLo;
    private final int port;
    private final String scheduler;
    private final int schedFlags;
    private final int persistTimeout;
    private final int persistNetmaskV4;
    private final int persistPrefixV6;
    private final long persistMaskHi;
    private final long persistMaskLo;
    private final boolean onePacket;
    private final int establishedTimeout;
    private final boolean synProxy;
    private final ClientAddressSpec clientAddress;
    private final long[] localAddresses;
    private final RealServer[] reals;

    VirtualService(int id, Builder b, RealServer[] reals) {
        this.id = id;
        this.protocol = b.protocol;
        this.fwmark = b.fwmark;
        this.ipv6 = b.ipv6;
        this.vipHi = b.vipHi;
        this.vipLo = b.vipLo;
        this.port = b.port;
        this.scheduler = b.scheduler;
        this.schedFlags = b.schedFlags;
        this.persistTimeout = b.persistTimeout;
        this.persistNetmaskV4 = b.persistNetmaskV4;
        this.persistPrefixV6 = b.persistPrefixV6;
        if (ipv6) {
            this.persistMaskHi = prefixMaskHi(b.persistPrefixV6);
            this.persistMaskLo = prefixMaskLo(b.persistPrefixV6);
        } else {
            // The mapped-prefix bits stay set so a masked IPv4 client is still an IPv4-mapped address.
            this.persistMaskHi = -1L;
            this.persistMaskLo = V4_PREFIX_MASK | (b.persistNetmaskV4 & 0xFFFF_FFFFL);
        }
        this.onePacket = b.onePacket;
        this.establishedTimeout = b.establishedTimeout;
        this.synProxy = b.synProxy;
        this.clientAddress = b.clientAddress;
        this.localAddresses = b.localAddresses.clone();
        this.reals = reals;
    }

    static long prefixMaskHi(int prefix) {
        if (prefix <= 0) {
            return 0;
        }
        return prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    static long prefixMaskLo(int prefix) {
        if (prefix <= 64) {
            return 0;
        }
        return prefix >= 128 ? -1L : -1L << (128 - prefix);
    }

    // ---- factories (control plane) ----

    public static Builder of(Protocol protocol, long vipHi, long vipLo, int port) {
        return new Builder(
                Objects.requireNonNull(protocol, "protocol"), 0, !InetAddr.isV4(vipHi, vipLo), vipHi, vipLo, port);
    }

    public static Builder of(Protocol protocol, String vip, int port) {
        long[] a = InetAddr.parse(vip);
        return of(protocol, a[0], a[1], port);
    }

    public static Builder tcp(String vip, int port) {
        return of(Protocol.TCP, vip, port);
    }

    public static Builder udp(String vip, int port) {
        return of(Protocol.UDP, vip, port);
    }

    public static Builder sctp(String vip, int port) {
        return of(Protocol.SCTP, vip, port);
    }

    /** {@code ipvsadm -f mark} ({@code -6} for an IPv6 one); marks are 1..2^32-1 as an unsigned int. */
    public static Builder fwmark(int mark, boolean ipv6) {
        if (mark == 0) {
            throw new IllegalArgumentException("firewall mark 0 means 'no mark'; a fwmark service needs a mark");
        }
        return new Builder(null, mark, ipv6, 0, 0, 0);
    }

    // ---- accessors ----

    public int id() {
        return id;
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /** The firewall mark, 0 for an address service. */
    public int fwmark() {
        return fwmark;
    }

    /** The protocol of an address service; null for a firewall-mark service, which takes any. */
    public Protocol protocol() {
        return protocol;
    }

    /** The IP protocol number the service is filed under: IPPROTO_IP (0) for fwmark services, as IPVS does. */
    public int protocolNumber() {
        return protocol == null ? Protocol.IPPROTO_IP : protocol.number();
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public long vipHi() {
        return vipHi;
    }

    public long vipLo() {
        return vipLo;
    }

    /** The virtual port; 0 on a persistent service means "every port" (IPVS's port-zero service). */
    public int port() {
        return port;
    }

    public String scheduler() {
        return scheduler;
    }

    /** {@link SchedFlags} bits. */
    public int schedFlags() {
        return schedFlags;
    }

    public boolean hasSchedFlag(int flag) {
        return (schedFlags & flag) != 0;
    }

    public boolean isPersistent() {
        return persistTimeout > 0;
    }

    /** {@code ipvsadm -p}: seconds, 0 = not persistent. */
    public int persistTimeout() {
        return persistTimeout;
    }

    /** {@code ipvsadm -M} for an IPv4 service, as a big-endian int (default 255.255.255.255). */
    public int persistNetmaskV4() {
        return persistNetmaskV4;
    }

    /** {@code ipvsadm -M} for an IPv6 service: a prefix length (default 128). */
    public int persistPrefixV6() {
        return persistPrefixV6;
    }

    /** AND a client address's high long with this to get its persistence granule. */
    public long persistMaskHi() {
        return persistMaskHi;
    }

    /** AND a client address's low long with this to get its persistence granule. */
    public long persistMaskLo() {
        return persistMaskLo;
    }

    /** {@code ipvsadm -o}: schedule every UDP datagram on its own (one-packet scheduling). */
    public boolean onePacket() {
        return onePacket;
    }

    /** Per-service ESTABLISHED timeout in seconds (alibaba {@code -V}, keepalived {@code est_timeout}); 0 = global. */
    public int establishedTimeout() {
        return establishedTimeout;
    }

    /** alibaba {@code -j enable} / keepalived {@code syn_proxy}. */
    public boolean synProxy() {
        return synProxy;
    }

    /** How the real servers learn the client's address (jlvs {@code client_address}, {@code --client-address}). */
    public ClientAddressSpec clientAddress() {
        return clientAddress;
    }

    /** Number of FULLNAT local addresses ({@code local_address_group}). */
    public int localAddressCount() {
        return localAddresses.length / 2;
    }

    public long localAddressHi(int i) {
        return localAddresses[2 * i];
    }

    public long localAddressLo(int i) {
        return localAddresses[2 * i + 1];
    }

    public int realCount() {
        return reals.length;
    }

    /** The i-th real server in configuration order (not its stable index). */
    public RealServer real(int i) {
        return reals[i];
    }

    /** The reals as a list; control plane only. */
    public List<RealServer> reals() {
        return List.of(reals);
    }

    ServiceKey key() {
        return new ServiceKey(protocolNumber(), fwmark, ipv6, vipHi, vipLo, port);
    }

    /** ipvsadm's way of naming a service: {@code TCP  10.0.0.1:80}, {@code FWM  7}. */
    public String describe() {
        if (fwmark != 0) {
            return "FWM  " + Integer.toUnsignedString(fwmark) + (ipv6 ? " IPv6" : "");
        }
        String host = ipv6 ? "[" + InetAddr.format(vipHi, vipLo) + "]" : InetAddr.format(vipHi, vipLo);
        return protocol.name() + "  " + host + ":" + port;
    }

    @Override
    public String toString() {
        return describe() + " " + scheduler + (isPersistent() ? " persistent " + persistTimeout : "") + " id=" + id;
    }

    /** The identity that survives republishing. */
    record ServiceKey(int protocol, int fwmark, boolean ipv6, long hi, long lo, int port) {}

    /** Collects a virtual service's settings; validated when added to a {@link ServiceTable.Builder}. */
    public static final class Builder {
        final Protocol protocol;
        final int fwmark;
        final boolean ipv6;
        final long vipHi;
        final long vipLo;
        final int port;
        String scheduler = SchedulerNames.DEFAULT;
        int schedFlags;
        String schedFlagsText;
        int persistTimeout;
        int persistNetmaskV4 = -1;
        int persistPrefixV6 = 128;
        boolean netmaskSet;
        boolean prefixSet;
        boolean onePacket;
        int establishedTimeout;
        boolean synProxy;
        ClientAddressSpec clientAddress = ClientAddressSpec.NONE;
        long[] localAddresses = new long[0];
        final List<RealServer.Builder> reals = new ArrayList<>();

        private Builder(Protocol protocol, int fwmark, boolean ipv6, long vipHi, long vipLo, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("virtual service port " + port + " is out of range 0..65535");
            }
            this.protocol = protocol;
            this.fwmark = fwmark;
            this.ipv6 = ipv6;
            this.vipHi = vipHi;
            this.vipLo = vipLo;
            this.port = port;
        }

        /** {@code ipvsadm -s}; one of {@link SchedulerNames#ALL}, default wlc. */
        public Builder scheduler(String name) {
            this.scheduler = SchedulerNames.require(Objects.requireNonNull(name, "scheduler"));
            return this;
        }

        /** {@link SchedFlags} bits. */
        public Builder schedFlags(int flags) {
            if ((flags & ~(SchedFlags.FLAG_1 | SchedFlags.FLAG_2 | SchedFlags.FLAG_3)) != 0) {
                throw new IllegalArgumentException("scheduler flags 0x" + Integer.toHexString(flags)
                        + " have bits other than flag-1, flag-2, flag-3");
            }
            this.schedFlags = flags;
            this.schedFlagsText = null;
            return this;
        }

        /** {@code ipvsadm -b "sh-fallback,sh-port"}; checked against the scheduler when built. */
        public Builder schedFlags(String text) {
            this.schedFlagsText = text;
            return this;
        }

        /** {@code ipvsadm -p} with ipvsadm's default timeout of 300 s. */
        public Builder persistent() {
            return persistent(DEFAULT_PERSISTENCE_TIMEOUT);
        }

        /** {@code ipvsadm -p timeout}: seconds, 0 turns persistence off. */
        public Builder persistent(int timeoutSeconds) {
            if (timeoutSeconds < 0) {
                throw new IllegalArgumentException("persistence timeout " + timeoutSeconds + " s is negative");
            }
            this.persistTimeout = timeoutSeconds;
            return this;
        }

        /** {@code ipvsadm -M a.b.c.d} (keepalived {@code persistence_granularity}) for an IPv4 service. */
        public Builder persistNetmask(String netmask) {
            long[] a = InetAddr.parse(netmask);
            if (!InetAddr.isV4(a[0], a[1])) {
                throw new IllegalArgumentException("persistence netmask '" + netmask
                        + "' is not an IPv4 netmask; IPv6 services take a prefix length");
            }
            return persistNetmask(InetAddr.v4(a[1]));
        }

        /** As {@link #persistNetmask(String)} with the mask as a big-endian int. */
        public Builder persistNetmask(int netmask) {
            this.persistNetmaskV4 = netmask;
            this.netmaskSet = true;
            return this;
        }

        /** {@code ipvsadm -6 -M len} for an IPv6 service: 1..128, default 128. */
        public Builder persistPrefix(int prefixLength) {
            if (prefixLength < 1 || prefixLength > 128) {
                throw new IllegalArgumentException(
                        "IPv6 persistence prefix length " + prefixLength + " is out of range 1..128");
            }
            this.persistPrefixV6 = prefixLength;
            this.prefixSet = true;
            return this;
        }

        /** {@code ipvsadm -o}: one-packet scheduling, UDP (or fwmark) services only. */
        public Builder onePacket(boolean on) {
            this.onePacket = on;
            return this;
        }

        /** Per-service ESTABLISHED timeout in seconds; 0 = the global timeout. */
        public Builder establishedTimeout(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("established timeout " + seconds + " s is negative");
            }
            this.establishedTimeout = seconds;
            return this;
        }

        public Builder synProxy(boolean on) {
            this.synProxy = on;
            return this;
        }

        public Builder clientAddress(ClientAddressSpec spec) {
            this.clientAddress = Objects.requireNonNull(spec, "clientAddress");
            return this;
        }

        /** Adds a FULLNAT local address (one entry of a {@code local_address_group}). */
        public Builder localAddress(long hi, long lo) {
            long[] grown = Arrays.copyOf(localAddresses, localAddresses.length + 2);
            grown[localAddresses.length] = hi;
            grown[localAddresses.length + 1] = lo;
            this.localAddresses = grown;
            return this;
        }

        public Builder localAddress(String address) {
            long[] a = InetAddr.parse(address);
            return localAddress(a[0], a[1]);
        }

        public Builder real(RealServer.Builder real) {
            reals.add(Objects.requireNonNull(real, "real"));
            return this;
        }

        String describe() {
            if (fwmark != 0) {
                return "FWM " + Integer.toUnsignedString(fwmark) + (ipv6 ? " (IPv6)" : "");
            }
            String host = ipv6 ? "[" + InetAddr.format(vipHi, vipLo) + "]" : InetAddr.format(vipHi, vipLo);
            return protocol.name() + " " + host + ":" + port;
        }

        ServiceKey key() {
            return new ServiceKey(
                    protocol == null ? Protocol.IPPROTO_IP : protocol.number(), fwmark, ipv6, vipHi, vipLo, port);
        }

        /** Cross-field checks, each with a message naming the service; called by the table builder. */
        void validate() {
            String me = describe();
            if (schedFlagsText != null) {
                try {
                    schedFlags = SchedFlags.parse(scheduler, schedFlagsText);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(me + ": " + e.getMessage(), e);
                }
                schedFlagsText = null;
            }
            if (fwmark == 0 && port == 0 && persistTimeout == 0) {
                throw new IllegalArgumentException(
                        me + ": port 0 (every port) is only allowed on a persistent service, as in ipvsadm");
            }
            if (ipv6 && netmaskSet) {
                throw new IllegalArgumentException(
                        me + ": an IPv6 service takes a persistence prefix length, not a netmask");
            }
            if (!ipv6 && prefixSet) {
                throw new IllegalArgumentException(
                        me + ": an IPv4 service takes a persistence netmask, not a prefix length");
            }
            if (onePacket && protocol != null && protocol != Protocol.UDP) {
                throw new IllegalArgumentException(me + ": one-packet scheduling (-o) applies to UDP services only");
            }
            if (synProxy && protocol != null && protocol != Protocol.TCP) {
                throw new IllegalArgumentException(me + ": SYN proxy applies to TCP services only");
            }
            if (protocol != null && !clientAddress.mode().supports(protocol)) {
                throw new IllegalArgumentException(me + ": client-address mode " + clientAddress.mode()
                        + " cannot carry the address over " + protocol);
            }
            Set<String> lips = new HashSet<>();
            for (int i = 0; i < localAddresses.length; i += 2) {
                if (!lips.add(localAddresses[i] + "/" + localAddresses[i + 1])) {
                    throw new IllegalArgumentException(me + ": local address "
                            + InetAddr.format(localAddresses[i], localAddresses[i + 1]) + " is listed twice");
                }
            }
            Set<String> seen = new HashSet<>();
            for (RealServer.Builder r : reals) {
                int rport = resolvedPort(r);
                String rs = r.describe();
                if (!seen.add(r.addrHi + "/" + r.addrLo + "/" + rport)) {
                    throw new IllegalArgumentException(me + ": real server " + rs + " is listed twice");
                }
                boolean rV6 = !InetAddr.isV4(r.addrHi, r.addrLo);
                if (rV6 != ipv6 && (r.method == ForwardingMethod.MASQ || r.method == ForwardingMethod.ROUTE)) {
                    throw new IllegalArgumentException(me + ": real server " + rs + " is of another address family;"
                            + " only TUN and FULLNAT can cross families");
                }
                if (r.upperThreshold != 0 && r.lowerThreshold > r.upperThreshold) {
                    throw new IllegalArgumentException(me + ": real server " + rs + " has lower threshold "
                            + r.lowerThreshold + " above its upper threshold " + r.upperThreshold);
                }
                if (r.method == ForwardingMethod.FULLNAT && localAddresses.length == 0) {
                    throw new IllegalArgumentException(me + ": real server " + rs
                            + " uses FULLNAT, which needs local addresses (laddr_group_name)");
                }
            }
        }

        /**
         * DR and TUN cannot change the port (the packet reaches the real server unchanged but for
         * its MAC or an outer header), so IPVS forces their port to the service port; we accept 0 or
         * the service port and reject anything else rather than silently rewriting it.
         */
        int resolvedPort(RealServer.Builder r) {
            if (r.method == ForwardingMethod.ROUTE || r.method == ForwardingMethod.TUNNEL) {
                if (r.port != 0 && r.port != port) {
                    throw new IllegalArgumentException(describe() + ": real server " + r.describe() + " uses "
                            + r.method.ipvsadmName() + ", which cannot change the port; use port " + port + " or 0");
                }
                return port;
            }
            return r.port == 0 ? port : r.port;
        }
    }
}

package io.jlvs.core.service;

import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.service.VirtualService.ServiceKey;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable snapshot of every virtual service and real server (DESIGN.md §3.7). The control
 * plane builds it and publishes it with one volatile write; a worker reads it once per batch.
 *
 * <p>Packet-path lookups ({@link #find(int, long, long, int)}, {@link #findFwmark(int, boolean)},
 * {@link #serviceById(int)}, {@link #real(int)}) probe primitive open-addressing arrays built here
 * and allocate nothing; a malformed protocol or port simply finds nothing.
 *
 * <p>Identity across snapshots: {@link #builder(ServiceTable)} keeps each service's id and each real
 * server's index when its key (protocol, VIP, port or fwmark; plus address and port for a real)
 * is unchanged. A new one gets the lowest number used by neither the previous nor the new
 * snapshot, so a number dropped in one snapshot is not handed out again before the next: the
 * control plane keeps a deleted server in the table as {@link RealState#REMOVED} while
 * connections still point at it, and leaves it out once they are gone.
 */
public final class ServiceTable {
    private static final ServiceTable EMPTY = new Builder(null).build();

    private final VirtualService[] services;
    private final VirtualService[] byId;
    private final RealServer[] byIndex;
    // Address index: open addressing with linear probing over parallel primitive arrays, at most
    // half full. A slot holds the key (VIP hi, lo, and protocol << 16 | port) and the service's
    // position + 1 (0 = empty), so a probe compares longs and touches no object until it hits.
    private final long[] addrKeyHi;
    private final long[] addrKeyLo;
    private final int[] addrKeyProtoPort;
    private final int[] addrService;
    private final int addrMask;
    // Fwmark index: key (mark, family) packed in one long.
    private final long[] fwmKey;
    private final int[] fwmService;
    private final int fwmMask;
    private final boolean hasPortZero;

    private ServiceTable(VirtualService[] services, int idCapacity, int indexCapacity) {
        this.services = services;
        this.byId = new VirtualService[idCapacity];
        this.byIndex = new RealServer[indexCapacity];
        int addrCount = 0;
        int fwmCount = 0;
        boolean portZero = false;
        for (VirtualService s : services) {
            byId[s.id()] = s;
            for (int i = 0; i < s.realCount(); i++) {
                byIndex[s.real(i).index()] = s.real(i);
            }
            if (s.isFwmark()) {
                fwmCount++;
            } else {
                addrCount++;
                portZero |= s.port() == 0;
            }
        }
        this.hasPortZero = portZero;
        int addrSlots = slotsFor(addrCount);
        this.addrKeyHi = new long[addrSlots];
        this.addrKeyLo = new long[addrSlots];
        this.addrKeyProtoPort = new int[addrSlots];
        this.addrService = new int[addrSlots];
        this.addrMask = addrSlots - 1;
        int fwmSlots = slotsFor(fwmCount);
        this.fwmKey = new long[fwmSlots];
        this.fwmService = new int[fwmSlots];
        this.fwmMask = fwmSlots - 1;
        for (int pos = 0; pos < services.length; pos++) {
            VirtualService s = services[pos];
            if (s.isFwmark()) {
                long key = fwmKey(s.fwmark(), s.isIpv6());
                int i = fwmHash(key) & fwmMask;
                while (fwmService[i] != 0) {
                    i = (i + 1) & fwmMask;
                }
                fwmKey[i] = key;
                fwmService[i] = pos + 1;
            } else {
                int protoPort = s.protocolNumber() << 16 | s.port();
                int i = addrHash(protoPort, s.vipHi(), s.vipLo()) & addrMask;
                while (addrService[i] != 0) {
                    i = (i + 1) & addrMask;
                }
                addrKeyHi[i] = s.vipHi();
                addrKeyLo[i] = s.vipLo();
                addrKeyProtoPort[i] = protoPort;
                addrService[i] = pos + 1;
            }
        }
    }

    /** At most half full, so a probe ends at an empty slot after a couple of steps. */
    private static int slotsFor(int count) {
        int n = 2;
        while (n < 2 * count) {
            n <<= 1;
        }
        return n;
    }

    private static int addrHash(int protoPort, long hi, long lo) {
        long h = hi * 0x9E37_79B9_7F4A_7C15L ^ lo;
        h = (h ^ protoPort) * 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 31;
        h *= 0x94D0_49BB_1331_11EBL;
        return (int) (h ^ (h >>> 29));
    }

    private static long fwmKey(int mark, boolean ipv6) {
        return (mark & 0xFFFF_FFFFL) | (ipv6 ? 1L << 32 : 0);
    }

    private static int fwmHash(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** A table with no services. */
    public static ServiceTable empty() {
        return EMPTY;
    }

    /** A builder for a first snapshot. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder for the snapshot that follows {@code previous}, keeping its ids and indices. */
    public static Builder builder(ServiceTable previous) {
        return new Builder(Objects.requireNonNull(previous, "previous"));
    }

    // ---- packet path ----

    /**
     * The address service a packet to (vip, port) of this IP protocol belongs to, or null. Like
     * IPVS's ip_vs_service_find, an exact (protocol, address, port) service wins; otherwise a
     * persistent port-zero service on that address takes every port.
     */
    public VirtualService find(int ipProto, long vipHi, long vipLo, int port) {
        VirtualService s = probe(ipProto, vipHi, vipLo, port);
        if (s == null && hasPortZero && port != 0) {
            s = probe(ipProto, vipHi, vipLo, 0);
        }
        return s;
    }

    /**
     * As IPVS does for a marked packet: a firewall-mark service for the mark wins over an address
     * service; mark 0 means unmarked.
     */
    public VirtualService find(int fwmark, int ipProto, long vipHi, long vipLo, int port) {
        if (fwmark != 0) {
            VirtualService s = findFwmark(fwmark, !io.jlvs.core.net.InetAddr.isV4(vipHi, vipLo));
            if (s != null) {
                return s;
            }
        }
        return find(ipProto, vipHi, vipLo, port);
    }

    private VirtualService probe(int ipProto, long hi, long lo, int port) {
        if ((ipProto & ~0xFF) != 0 || (port & ~0xFFFF) != 0) {
            return null;
        }
        int protoPort = ipProto << 16 | port;
        int i = addrHash(protoPort, hi, lo) & addrMask;
        int pos;
        while ((pos = addrService[i]) != 0) {
            if (addrKeyLo[i] == lo && addrKeyHi[i] == hi && addrKeyProtoPort[i] == protoPort) {
                return services[pos - 1];
            }
            i = (i + 1) & addrMask;
        }
        return null;
    }

    /** The firewall-mark service for (mark, family), or null. */
    public VirtualService findFwmark(int fwmark, boolean ipv6) {
        long key = fwmKey(fwmark, ipv6);
        int i = fwmHash(key) & fwmMask;
        int pos;
        while ((pos = fwmService[i]) != 0) {
            if (fwmKey[i] == key) {
                return services[pos - 1];
            }
            i = (i + 1) & fwmMask;
        }
        return null;
    }

    /** The service with this stable id, or null. */
    public VirtualService serviceById(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /** The real server with this stable index, or null (never assigned, or left out of this snapshot). */
    public RealServer real(int index) {
        return index >= 0 && index < byIndex.length ? byIndex[index] : null;
    }

    /** One more than the highest service id: size per-service arrays with it. */
    public int serviceIdCapacity() {
        return byId.length;
    }

    /** One more than the highest real-server index: size per-real arrays (load counters) with it. */
    public int realIndexCapacity() {
        return byIndex.length;
    }

    public int serviceCount() {
        return services.length;
    }

    /** The i-th service in configuration order. */
    public VirtualService service(int i) {
        return services[i];
    }

    /** The services in configuration order; control plane only. */
    public List<VirtualService> services() {
        return List.of(services);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (VirtualService s : services) {
            sb.append(s).append('\n');
            for (int i = 0; i < s.realCount(); i++) {
                sb.append("  -> ").append(s.real(i)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Collects services for one snapshot; {@link #build()} validates and assigns ids and indices. */
    public static final class Builder {
        private final ServiceTable previous;
        private final List<VirtualService.Builder> services = new ArrayList<>();

        private Builder(ServiceTable previous) {
            this.previous = previous;
        }

        public Builder service(VirtualService.Builder service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        public ServiceTable build() {
            Map<ServiceKey, VirtualService.Builder> byKey = new HashMap<>();
            for (VirtualService.Builder b : services) {
                b.validate();
                if (byKey.putIfAbsent(b.key(), b) != null) {
                    throw new IllegalArgumentException("virtual service " + b.describe() + " is defined twice");
                }
            }
            Map<ServiceKey, VirtualService> prevServices = new HashMap<>();
            Map<RealKey, RealServer> prevReals = new HashMap<>();
            BitSet prevIds = new BitSet();
            BitSet prevIndices = new BitSet();
            if (previous != null) {
                for (VirtualService s : previous.services) {
                    prevServices.put(s.key(), s);
                    prevIds.set(s.id());
                    for (int i = 0; i < s.realCount(); i++) {
                        RealServer r = s.real(i);
                        prevReals.put(new RealKey(s.key(), r.addrHi(), r.addrLo(), r.port()), r);
                        prevIndices.set(r.index());
                    }
                }
            }
            // First pass: numbers kept from the previous snapshot.
            int[] ids = new int[services.size()];
            BitSet usedIds = (BitSet) prevIds.clone();
            BitSet usedIndices = (BitSet) prevIndices.clone();
            List<int[]> indices = new ArrayList<>(services.size());
            for (int s = 0; s < services.size(); s++) {
                VirtualService.Builder b = services.get(s);
                VirtualService old = prevServices.get(b.key());
                ids[s] = old == null ? -1 : old.id();
                int[] idx = new int[b.reals.size()];
                for (int r = 0; r < idx.length; r++) {
                    RealServer.Builder rb = b.reals.get(r);
                    RealServer oldReal = prevReals.get(new RealKey(b.key(), rb.addrHi, rb.addrLo, b.resolvedPort(rb)));
                    idx[r] = oldReal == null ? -1 : oldReal.index();
                }
                indices.add(idx);
            }
            // Second pass: new numbers, the lowest free in both snapshots.
            int idCapacity = 0;
            int indexCapacity = 0;
            for (int s = 0; s < services.size(); s++) {
                if (ids[s] < 0) {
                    ids[s] = usedIds.nextClearBit(0);
                    usedIds.set(ids[s]);
                }
                idCapacity = Math.max(idCapacity, ids[s] + 1);
                int[] idx = indices.get(s);
                for (int r = 0; r < idx.length; r++) {
                    if (idx[r] < 0) {
                        idx[r] = usedIndices.nextClearBit(0);
                        usedIndices.set(idx[r]);
                    }
                    indexCapacity = Math.max(indexCapacity, idx[r] + 1);
                }
            }
            if (indexCapacity > ConnTable.MAX_REAL + 1) {
                // A connection keeps its real server's index in 16 bits (ConnTable's layout).
                throw new IllegalArgumentException("more than " + (ConnTable.MAX_REAL + 1)
                        + " real servers (counting those removed in the previous configuration)");
            }
            VirtualService[] built = new VirtualService[services.size()];
            for (int s = 0; s < services.size(); s++) {
                VirtualService.Builder b = services.get(s);
                RealServer[] reals = new RealServer[b.reals.size()];
                for (int r = 0; r < reals.length; r++) {
                    RealServer.Builder rb = b.reals.get(r);
                    int port = b.resolvedPort(rb);
                    int lastWeight = rb.weight;
                    if (lastWeight == 0) {
                        RealServer old = prevReals.get(new RealKey(b.key(), rb.addrHi, rb.addrLo, port));
                        lastWeight = old == null ? 0 : old.lastWeight();
                    }
                    reals[r] = new RealServer(indices.get(s)[r], ids[s], rb, port, lastWeight);
                }
                built[s] = new VirtualService(ids[s], b, reals);
            }
            return new ServiceTable(built, idCapacity, indexCapacity);
        }

        private record RealKey(ServiceKey service, long hi, long lo, int port) {}
    }
}

package io.jlvs.daemon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two virtual servers may not claim the same packets: IPVS would refuse the second ("Service already
 * exists"), or, for an address inside a group's range, one of them would silently never see traffic.
 * Checked on address ranges, so a /8 group costs no more than one address.
 */
final class ServiceOverlap {
    private final Diagnostics diag;
    private final List<VirtualServerGroup> groups;

    ServiceOverlap(Diagnostics diag, List<VirtualServerGroup> groups) {
        this.diag = diag;
        this.groups = groups;
    }

    /** What one service listens on: an address range and port, or a mark. */
    private record Claim(
            VirtualServer owner,
            Optional<Protocol> protocol,
            AddressRange range,
            int port,
            long mark,
            AddressFamily family) {
        boolean isMark() {
            return range == null;
        }

        boolean clashes(Claim o) {
            if (isMark() != o.isMark()) {
                return false;
            }
            if (isMark()) {
                return mark == o.mark && family == o.family;
            }
            return protocol.equals(o.protocol) && port == o.port && range.overlaps(o.range);
        }
    }

    void check(List<VirtualServer> services) {
        List<Claim> seen = new ArrayList<>();
        for (VirtualServer vs : services) {
            List<Claim> mine = claims(vs);
            Claim clash = null;
            outer:
            for (Claim c : mine) {
                for (Claim s : seen) {
                    if (c.clashes(s)) {
                        clash = s;
                        break outer;
                    }
                }
            }
            if (clash != null) {
                VirtualServer other = clash.owner();
                String message = other.name().equals(vs.name())
                        ? vs.name() + " already defined at " + other.position()
                        : vs.name() + " overlaps " + other.name() + " defined at " + other.position();
                diag.error(vs.position(), "virtual_server", message);
                continue;
            }
            seen.addAll(mine);
        }
    }

    private List<Claim> claims(VirtualServer vs) {
        List<Claim> out = new ArrayList<>();
        switch (vs.address()) {
            case VirtualAddress.Ip ip ->
                out.add(new Claim(
                        vs,
                        vs.protocol(),
                        AddressRange.of(ip.endpoint().address()),
                        ip.endpoint().port(),
                        0,
                        null));
            case VirtualAddress.Fwmark fw -> out.add(new Claim(vs, Optional.empty(), null, 0, fw.mark(), vs.family()));
            case VirtualAddress.Group g -> {
                VirtualServerGroup group = groups.stream()
                        .filter(x -> x.name().equals(g.name()))
                        .findFirst()
                        .orElseThrow();
                for (VirtualServerGroup.Entry e : group.addresses()) {
                    out.add(new Claim(vs, vs.protocol(), e.range(), e.port(), 0, null));
                }
                for (VirtualServerGroup.FwmarkEntry m : group.fwmarks()) {
                    out.add(new Claim(
                            vs,
                            Optional.empty(),
                            null,
                            0,
                            m.fwmark(),
                            m.family().orElse(vs.family())));
                }
            }
        }
        return out;
    }
}

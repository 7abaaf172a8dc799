package io.jlvs.core.packet;

/** EtherType values the director handles (IEEE 802.3 §3.2.6; IANA "IEEE 802 Numbers"). */
public final class EtherType {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int IPV6 = 0x86DD;
    /** 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** 802.1ad service VLAN tag (the outer tag of QinQ). */
    public static final int QINQ = 0x88A8;
    /** Pre-802.1ad QinQ outer tag still sent by some switches. */
    public static final int QINQ_LEGACY = 0x9100;

    private EtherType() {}

    /** True for the tag protocol identifiers that introduce a 4-byte VLAN tag. */
    public static boolean isVlanTag(int type) {
        return type == VLAN || type == QINQ || type == QINQ_LEGACY;
    }
}

package io.jlvs.linux.netlink;

/** rtnetlink numbers (linux/rtnetlink.h, if_link.h, if_addr.h) that jlvs reads. */
public final class Rtnl {
    public static final int NETLINK_ROUTE = 0;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_ADD_MEMBERSHIP = 1;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;

    /** sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg), sizeof(struct rtmsg). */
    public static final int IFINFOMSG_SIZE = 16;

    public static final int IFADDRMSG_SIZE = 8;
    public static final int RTMSG_SIZE = 12;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;

    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_MULTIPATH = 9;
    public static final int RTA_TABLE = 15;

    public static final int RTN_UNICAST = 1;
    public static final int RT_TABLE_MAIN = 254;

    /** Multicast groups (enum rtnetlink_groups) for NETLINK_ADD_MEMBERSHIP. */
    public static final int RTNLGRP_LINK = 1;

    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    public static final int RTNLGRP_IPV6_ROUTE = 11;

    private Rtnl() {}
}

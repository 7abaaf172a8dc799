package io.jlvs.core.conn;

import io.jlvs.core.net.InetAddr;

/** Test addresses as (hi, lo) pairs. */
record Addr(long hi, long lo) {
    static Addr of(String text) {
        long[] a = InetAddr.parse(text);
        return new Addr(a[0], a[1]);
    }

    /** 10.x.y.z from a number, for bulk IPv4 tuples. */
    static Addr v4(int n) {
        return new Addr(0, InetAddr.v4Lo(0x0A00_0000 | (n & 0x00FF_FFFF)));
    }

    /** 2001:db8::/32 addresses from a number, for bulk IPv6 tuples. */
    static Addr v6(long n) {
        return new Addr(0x2001_0DB8_0000_0000L | (n >>> 32), n * 0x9E37_79B9L + 1);
    }
}

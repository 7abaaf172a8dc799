/**
 * {@code jlvsadm}: ipvsadm's command line for jlvsd.
 *
 * <p>Runbooks written for LVS must work unchanged, so the command line, the listings and the
 * error messages are ipvsadm's (version 1.31, the last release), derived from its source and man
 * page: the same commands and options (a command first, then its options, short options
 * clustered as {@code -Ln}), the same checks in the same order with the same words and exit codes
 * (2 for a command line ipvsadm rejects, 255 for a change the kernel refuses or an option popt
 * cannot parse, 1 when the service to list does not exist), and the listings byte for byte:
 * {@code -L} with its {@code --stats --rate --thresholds --persistent-conn --exact} column sets,
 * {@code -S}, {@code -L -c}, {@code --sort}/{@code --nosort}, IPv6 in brackets.
 *
 * <p>Where jlvs differs, it is on purpose and listed here:
 *
 * <ul>
 *   <li>The header reads {@code IP Virtual Server version 1.2.1 (size=N)}: 1.2.1 is the IPVS
 *       interface jlvsd reproduces (what every Linux since 2.6 reports), N is jlvsd's
 *       connection-table capacity, as the kernel's line shows its connection hash size.
 *   <li>{@code -b} is FULLNAT ({@code --fullnat}), as in alibaba/LVS and DPVS, not ipvsadm 1.28+'s
 *       short form of {@code --sched-flags}: DPVS's ipvsadm fork, the maintained one with
 *       FULLNAT, kept {@code -b = --fullnat}, and FULLNAT is a forwarding method jlvs has. The
 *       scheduler flags keep their long option, and {@code -S} writes them as {@code
 *       --sched-flags} so that its output restores.
 *   <li>alibaba/DPVS additions: {@code -P/-Q -z} add and remove FULLNAT local addresses, {@code
 *       -G} lists them (alibaba's layout), {@code -j enable|disable} switches SYNPROXY, {@code -V}
 *       ({@code --vsestablish-timeout}, alias DPVS's {@code --conn-timeout}) sets a service's
 *       established-connection timeout. Listings show them as DPVS does ({@code synproxy}, {@code
 *       conn-timeout N}); {@code -S} writes them ({@code -j enable}, {@code --conn-timeout N},
 *       {@code -P} lines), and real-server thresholds ({@code -x}, {@code -y}) when set, which
 *       ipvsadm's {@code -S} loses; without them the output is ipvsadm's.
 *   <li>jlvs's {@code --client-address none|toa|proxy_v1|proxy_v2} on {@code -A/-E} says how
 *       NAT/FULLNAT real servers learn the client's address (the configuration's {@code
 *       client_address}); with {@code toa}, {@code --toa-in-syn} puts the option in the SYN too and
 *       {@code --toa-ipv6-kind 253|254} chooses alibaba's or DPVS's IPv6 kind. {@code -L} shows
 *       them as words ({@code client-address toa toa-in-syn}), {@code -S} as options.
 *   <li>{@code -R} is all or nothing: the whole input is checked, then applied as one batch; a
 *       bad line changes nothing (ipvsadm applies the lines before it).
 *   <li>{@code --start-daemon}/{@code --stop-daemon}: connection synchronisation is part of
 *       jlvsd's configuration; jlvsadm says so and exits 255, as ipvsadm does when the kernel
 *       refuses the daemon.
 *   <li>{@code --reload} asks jlvsd to re-read its configuration; {@code --socket PATH} (or
 *       {@code JLVS_SOCKET}) names jlvsd's admin socket; {@code --completion} prints a bash
 *       completion script; {@code -h} is picocli's help.
 *   <li>Sorting compares addresses and marks as unsigned numbers (ipvsadm's comparison
 *       overflows for values 2^31 apart), and IPv4 real servers before IPv6 ones.
 * </ul>
 */
package io.jlvs.cli;

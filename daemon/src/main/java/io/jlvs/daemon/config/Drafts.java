package io.jlvs.daemon.config;

import io.jlvs.core.service.ClientAddressMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the parser read, before keepalived's validation pass applies defaults and inheritance. Null
 * means "not written", which matters: a real server inherits only what it did not set itself.
 */
final class Drafts {
    private Drafts() {}

    static final class VirtualServerDraft {
        final Statement statement;
        VirtualAddress address;
        AddressFamily ipFamily;
        Protocol protocol;
        Token protocolAt;
        String scheduler;
        final Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        final List<Token> flagTokens = new ArrayList<>();
        boolean onePacket;
        Token onePacketAt;
        LvsMethod method;
        Integer persistenceTimeout;
        String persistenceEngine;
        PersistenceGranularity granularity;
        boolean haSuspend;
        Token haSuspendAt;
        String virtualhost;
        Boolean smtpAlert;
        String snmpName;
        boolean alpha;
        boolean omega;
        Long quorum;
        Long hysteresis;
        Script quorumUp;
        Script quorumDown;
        Endpoint sorryServer;
        Token sorryServerAt;
        LvsMethod sorryMethod;
        Token sorryMethodAt;
        boolean sorryInhibit;
        Token sorryInhibitAt;
        Long retry;
        Duration delayBeforeRetry;
        Duration warmup;
        Duration connectTimeout;
        Duration delayLoop;
        boolean inhibitOnFailure;
        Integer weight;
        String localAddressGroup;
        Token localAddressGroupAt;
        boolean synProxy;
        Token synProxyAt;
        Integer establishedTimeout;
        ClientAddressMode clientAddress;
        Token clientAddressAt;
        boolean toaInSyn;
        Token toaInSynAt;
        Integer toaIpv6Kind;
        Token toaIpv6KindAt;
        Duration drainTimeout;
        Duration idleGrace;
        Token idleGraceAt;
        boolean drainOnFailure;
        boolean drainOnRemoval;
        Integer slowStart;
        final List<RealServerDraft> reals = new ArrayList<>();

        VirtualServerDraft(Statement statement) {
            this.statement = statement;
        }
    }

    static final class RealServerDraft {
        final Statement statement;
        IpAddress address;
        int port;
        Integer weight;
        LvsMethod method;
        Long upperThreshold;
        Long lowerThreshold;
        Boolean inhibit;
        Boolean alpha;
        Script notifyUp;
        Script notifyDown;
        Long retry;
        Duration delayBeforeRetry;
        Duration warmup;
        Duration connectTimeout;
        Duration delayLoop;
        Boolean smtpAlert;
        String virtualhost;
        String snmpName;
        Integer slowStart;
        final List<CheckerDraft> checkers = new ArrayList<>();

        RealServerDraft(Statement statement) {
            this.statement = statement;
        }
    }

    /** Any checker; each type uses the fields it has keywords for. */
    static final class CheckerDraft {
        final Statement statement;
        final String type;
        // connection (all but MISC, BFD, FILE)
        IpAddress connectIp;
        Integer connectPort;
        IpAddress bindTo;
        Integer bindPort;
        String bindInterface;
        Long fwmark;
        Duration connectTimeout;
        // timing
        Long retry;
        Duration delayBeforeRetry;
        Duration warmup;
        Duration delayLoop;
        Boolean alpha;
        Boolean logAllFailures;
        // HTTP_GET / SSL_GET
        final List<Url> urls = new ArrayList<>();
        String virtualhost;
        String httpProtocol;
        Boolean enableSni;
        String sniName;
        Boolean fastRecovery;
        Boolean tlsCompliant;
        // MISC_CHECK
        List<String> miscArgv;
        Long miscTimeout;
        boolean miscDynamic;
        String user;
        String group;
        // UDP_CHECK
        String payload;
        boolean requireReply;
        String replyPattern;
        Integer minReplyLength;
        Integer maxReplyLength;
        // DNS_CHECK
        String dnsType;
        String dnsName;
        // SMTP_CHECK
        String heloName;
        final List<CheckerDraft> hosts = new ArrayList<>();
        // BFD_CHECK / FILE_CHECK
        String name;
        Integer fileWeight;
        boolean fileReverse;

        CheckerDraft(Statement statement, String type) {
            this.statement = statement;
            this.type = type;
        }
    }

    static final class UrlDraft {
        String path;
        String digest;
        StatusCodes statusCodes;
        String virtualhost;
        String regex;
        boolean regexNoMatch;
        final Set<String> regexOptions = new LinkedHashSet<>();
        long regexMinOffset;
        long regexMaxOffset;
        Url.RegexStack regexStack;
        boolean tlsCompliant;
    }
}

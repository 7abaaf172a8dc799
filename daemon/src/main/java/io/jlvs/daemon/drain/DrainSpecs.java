package io.jlvs.daemon.drain;

import io.jlvs.api.ServiceKey;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.daemon.config.DrainPolicy;
import io.jlvs.daemon.sysctl.Sysctls;
import java.time.Duration;
import java.util.Map;

/**
 * How a drain of one service's real server goes: the figures the operator gave ({@code jlvsadm
 * --drain --timeout --idle-grace}), else the service's {@code drain_timeout} and {@code idle_grace},
 * else the settings ({@code jlvsadm --sysctl}); pacing always from the settings. The services'
 * policies are replaced as a whole on each (re)load.
 */
public final class DrainSpecs {
    private final Sysctls sysctls;
    private volatile Map<ServiceKey, DrainPolicy> policies = Map.of();

    public DrainSpecs(Sysctls sysctls) {
        this.sysctls = sysctls;
    }

    /** The services' drain policies as the configuration now has them. */
    public void configure(Map<ServiceKey, DrainPolicy> byService) {
        this.policies = Map.copyOf(byService);
    }

    /** The service's policy; keepalived's behaviour for a service the configuration does not have. */
    public DrainPolicy policy(ServiceKey service) {
        return policies.getOrDefault(service, DrainPolicy.DEFAULT);
    }

    /** The drain of a real server of {@code service}; null figures are not given. */
    public DrainSpec spec(ServiceKey service, Long timeoutMillis, Long idleGraceMillis) throws Sysctls.BadSetting {
        DrainPolicy p = policy(service);
        long timeout = timeoutMillis != null
                ? timeoutMillis
                : p.drainTimeout().map(Duration::toMillis).orElseGet(sysctls::drainTimeoutMillis);
        Long grace = idleGraceMillis != null
                ? idleGraceMillis
                : p.idleGrace().map(Duration::toMillis).orElse(null);
        return sysctls.drainSpec(timeout, grace);
    }
}

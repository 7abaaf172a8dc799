/** jlvsd's runtime settings in the style of IPVS's sysctls ({@code jlvsadm --sysctl}). */
package io.jlvs.daemon.sysctl;

/**
 * The service model: an immutable {@link io.jlvs.core.service.ServiceTable} of
 * {@link io.jlvs.core.service.VirtualService}s and their {@link io.jlvs.core.service.RealServer}s,
 * as {@code ipvsadm -L -n} shows them.
 *
 * <p>The control plane builds a table with {@link io.jlvs.core.service.ServiceTable#builder(ServiceTable)}
 * and publishes it with one volatile write (DESIGN.md §3.7); a worker reads it once per batch. Service
 * ids and real-server indices survive republishing, so a connection keeps pointing at its real server
 * by index while weights and states change around it. Lookups on the packet path are allocation-free
 * probes of open-addressing arrays built with the table.
 */
package io.jlvs.core.service;

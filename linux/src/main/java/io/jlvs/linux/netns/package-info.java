/** Network namespaces: run code, and open sockets, inside a namespace named by iproute2. */
package io.jlvs.linux.netns;

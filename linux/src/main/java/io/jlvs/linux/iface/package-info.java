/** Network interfaces: index, MAC, MTU, flags and addresses, by ioctl and rtnetlink. */
package io.jlvs.linux.iface;

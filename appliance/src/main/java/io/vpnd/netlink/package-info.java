/**
 * Kernel interface and route programming over rtnetlink (no shelling out to {@code ip}):
 * {@link io.vpnd.netlink.RtNetlink} sets links up/down and their MTU, adds and removes addresses,
 * and adds, replaces, deletes and dumps routes marked with vpnd's own {@code rtm_protocol}
 * ({@link io.vpnd.netlink.RtNetlink#VPND_ROUTE_PROTOCOL}). Messages are built by a small
 * attribute builder and parsed by hand; refusals are {@link io.vpnd.netlink.NetlinkException}s
 * with the errno and the kernel's extended-ack text.
 */
package io.vpnd.netlink;

/**
 * Layer-3 tunnel devices: the {@link io.vpnd.tun.TunDevice} contract, the Linux TUN driven by a
 * Netty epoll loop ({@link io.vpnd.tun.LinuxTunDevice}) and an in-memory stand-in for tests
 * ({@link io.vpnd.tun.InMemoryTunDevice}).
 */
package io.vpnd.tun;

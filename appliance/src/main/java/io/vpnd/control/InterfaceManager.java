package io.vpnd.control;

import io.netty.channel.IoEventLoop;
import io.vpnd.config.InterfaceConfig;
import io.vpnd.net.Cidr;
import io.vpnd.netlink.NetlinkException;
import io.vpnd.netlink.RtNetlink;
import io.vpnd.tun.LinuxTunDevice;
import io.vpnd.tun.TunOptions;

import java.io.IOException;

/**
 * Creates each tunnel's TUN interface and programs it over rtnetlink: MTU, the optional inside
 * address (AWS-style 169.254.x.x/30), link up. The interface stays up for as long as the tunnel
 * is configured, across rekeys and outages, so that routing daemons beside vpnd do not see it
 * flap; reachability is expressed by routes instead.
 */
public final class InterfaceManager {
    private static final System.Logger LOG = System.getLogger(InterfaceManager.class.getName());
    private final RtNetlink netlink;
    private final boolean offload;

    public InterfaceManager(RtNetlink netlink) {
        this(netlink, false);
    }

    /** @param offload open TUN devices with IFF_VNET_HDR and TSO/GRO offloads ({@code dataplane.offload}) */
    public InterfaceManager(RtNetlink netlink, boolean offload) {
        this.netlink = netlink;
        this.offload = offload;
    }

    /** Opens and configures the interface; on failure nothing is left behind. */
    public LinuxTunDevice create(InterfaceConfig config, IoEventLoop loop) throws IOException {
        LinuxTunDevice tun;
        try {
            tun = LinuxTunDevice.open(TunOptions.named(config.name()).withMtu(config.mtu()).withVnetHeader(offload), loop);
        } catch (IOException e) {
            throw new IOException("cannot create interface " + config.name() + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("EPERM") ? " (needs root or CAP_NET_ADMIN)" : ""), e);
        }
        try {
            int index = tun.ifIndex();
            if (config.address().isPresent()) {
                Cidr a = config.address().get();
                try {
                    netlink.addAddress(index, a.address(), a.prefixLength());
                } catch (NetlinkException e) {
                    if (e.errno() != NetlinkException.EEXIST) throw e;
                }
            }
            netlink.setLinkUp(index, true);
            LOG.log(System.Logger.Level.INFO, "interface " + config.name() + " up, mtu " + config.mtu()
                    + config.address().map(a -> ", address " + a).orElse("") + (offload ? ", offloads on" : ""));
            return tun;
        } catch (IOException | RuntimeException e) {
            tun.close();
            throw new IOException("cannot configure interface " + config.name() + ": " + e.getMessage(), e);
        }
    }
}

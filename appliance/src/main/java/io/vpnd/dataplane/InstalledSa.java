package io.vpnd.dataplane;

import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.EspSa;

/** An ESP SA as the data plane holds it: the ESP state plus the tunnel port it feeds. */
final class InstalledSa {
    final EspSa esp;
    final ChildSaSpec spec;
    final TunnelPort port;

    InstalledSa(EspSa esp, ChildSaSpec spec, TunnelPort port) {
        this.esp = esp;
        this.spec = spec;
        this.port = port;
    }
}

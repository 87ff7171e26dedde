package io.vpnd.netlink;

import java.io.IOException;
import java.util.List;

/** The route operations vpnd's route manager needs; {@link RtNetlink} does them in the kernel. */
public interface RouteOperations {
    void replaceRoute(KernelRoute route) throws IOException;

    void deleteRoute(KernelRoute route) throws IOException;

    List<KernelRoute> dumpRoutes(int protocol) throws IOException;
}

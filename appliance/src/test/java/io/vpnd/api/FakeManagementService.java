package io.vpnd.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A scripted {@link ManagementService}: two tunnels, recorded calls, errors chosen by tunnel name. */
final class FakeManagementService implements ManagementService {

    final List<String> calls = new CopyOnWriteArrayList<>();
    /** When set, reload() waits for it (up to 10 s) to simulate a slow reload. */
    volatile CountDownLatch reloadGate;
    volatile ManagementException reloadFailure;

    static final TunnelView AWS_1 = new TunnelView("aws-1", "UP", "2025-01-01T10:00:00Z", "ESTABLISHED",
            "192.0.2.1", "203.0.113.9", "vpn0", 1_300_000_000L, 356_000_000L, 1_234_567L, 812_345L, 3L, 1,
            "ikev2");
    static final TunnelView AWS_2 = new TunnelView("aws-2", "CONNECTING", "2025-01-01T12:59:30Z", "DPD_TIMEOUT",
            "192.0.2.1", "203.0.113.10", "vpn1", 0, 0, 0, 0, 0, 0, "ikev2");

    @Override
    public List<TunnelView> tunnels() {
        calls.add("tunnels");
        return List.of(AWS_1, AWS_2);
    }

    @Override
    public List<SaView> sas() {
        calls.add("sas");
        return List.of(
                new SaView("aws-1", "IKE", "ESTABLISHED", "8a3f21c94d0e7b12", "1c2d3e4f5a6b7c8d",
                        "aes256gcm16-prfsha384-ecp384", "2025-01-01T10:00:00Z", 24_000, 4_000, 3_800, 20, 19,
                        List.of(), List.of()),
                new SaView("aws-1", "CHILD", "INSTALLED", "c1a2b3c4", "0a0b0c0d", "aes256gcm16-esn",
                        "2025-01-01T12:00:00Z", 2_400, 1_300_000_000L, 356_000_000L, 1_234_567, 812_345,
                        List.of("10.0.0.0/16"), List.of("0.0.0.0/0")));
    }

    @Override
    public List<RouteView> routes() {
        calls.add("routes");
        return List.of(new RouteView("203.0.113.0/24", "aws-1", "vpn0", 100, true, List.of("aws-1", "aws-2")));
    }

    @Override
    public ActionResult up(String tunnel) throws ManagementException {
        calls.add("up " + tunnel);
        return switch (tunnel) {
            case "aws-1" -> throw new ManagementException(409, "tunnel aws-1 is already up");
            case "aws-2", "aws 2/x" -> new ActionResult(true, "initiating " + tunnel);
            case "boom" -> throw new IllegalStateException("simulated bug");
            default -> throw new ManagementException(404, "no tunnel named '" + tunnel + "'");
        };
    }

    @Override
    public ActionResult down(String tunnel) throws ManagementException {
        calls.add("down " + tunnel);
        if (!tunnel.startsWith("aws-")) {
            throw new ManagementException(404, "no tunnel named '" + tunnel + "'");
        }
        return new ActionResult(true, "tunnel " + tunnel + " is down");
    }

    @Override
    public ActionResult reload() throws ManagementException {
        calls.add("reload");
        CountDownLatch gate = reloadGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reloadFailure != null) {
            throw reloadFailure;
        }
        return new ActionResult(true, "reloaded: 0 added, 1 changed, 0 removed");
    }
}

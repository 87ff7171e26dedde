package io.vpnd.ike;

import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaEventListener;
import io.vpnd.esp.SaInstaller;
import io.vpnd.esp.SaStats;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records what IKE installs, so tests can compare both ends' keys and count leaks. */
public final class FakeSaInstaller implements SaInstaller {
    private final Map<String, ChildSaSpec> installed = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();

    private static String key(String tunnel, int spi, SaDirection d) {
        return tunnel + "/" + d + "/" + Integer.toHexString(spi);
    }

    @Override
    public void install(ChildSaSpec sa) {
        String k = key(sa.tunnel(), sa.spi(), sa.direction());
        if (installed.containsKey(k)) throw new IllegalStateException("already installed: " + k);
        installed.put(k, sa);
        log.add("install " + k);
    }

    @Override
    public boolean updateEndpoints(String tunnel, int spi, SaDirection direction, InetSocketAddress local, InetSocketAddress remote) {
        return installed.containsKey(key(tunnel, spi, direction));
    }

    @Override
    public boolean remove(String tunnel, int spi, SaDirection direction) {
        log.add("remove " + key(tunnel, spi, direction));
        return installed.remove(key(tunnel, spi, direction)) != null;
    }

    @Override
    public Optional<SaStats> stats(String tunnel, int spi, SaDirection direction) {
        return installed.containsKey(key(tunnel, spi, direction)) ? Optional.of(new SaStats(0, 0, 0)) : Optional.empty();
    }

    @Override
    public void setEventListener(SaEventListener listener) {
    }

    public List<ChildSaSpec> installed() {
        return new ArrayList<>(installed.values());
    }

    public List<ChildSaSpec> installed(SaDirection d) {
        return installed.values().stream().filter(s -> s.direction() == d).toList();
    }

    public List<String> log() {
        return log;
    }
}

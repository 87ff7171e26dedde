package io.vpnd.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vpnd.config.ConfigException;
import io.vpnd.config.ConfigLoader;

import java.nio.file.Path;

/** Any YAML an admin (or an attacker with write access to a reloaded file) writes: a config or a ConfigException. */
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parseAnyYaml(String yaml) {
        if (yaml == null || yaml.length() > 20_000) return;
        try {
            ConfigLoader.parse(yaml, Path.of("/fuzz/vpnd.yaml"));
        } catch (ConfigException expected) {
            // a precise error message is the product here
        }
    }
}

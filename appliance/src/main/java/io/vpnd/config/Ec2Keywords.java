package io.vpnd.config;

import io.vpnd.ec2.InstanceMetadataClient;
import io.vpnd.ec2.InstanceMetadataException;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The values a config may leave to EC2 instance metadata, so that one config (an AMI's) fits any
 * instance: {@code local.id: ec2-public-ip}, the Elastic IP that peers see behind EC2's 1:1 NAT
 * and so expect as this end's IKE identity, and {@code local.address: ec2-local-ip}, the private
 * address the instance's packets really leave from. Looked up while the config loads (so
 * {@code vpnd check} and {@code vpnctl reload} see a changed Elastic IP), at most once per load
 * however many tunnels use them; a failure is a config problem at the key that asked.
 */
final class Ec2Keywords {
    static final String PUBLIC_IP = "ec2-public-ip";
    static final String LOCAL_IP = "ec2-local-ip";

    private final Supplier<InstanceMetadataClient> clients;
    private InstanceMetadataClient client;
    /** Answers by keyword: an address, or the failure to repeat for every tunnel that asks again. */
    private final Map<String, Object> answers = new HashMap<>();

    Ec2Keywords(Supplier<InstanceMetadataClient> clients) {
        this.clients = clients;
    }

    /** @throws IllegalArgumentException naming the keyword and why metadata could not answer */
    InetAddress publicIpv4() {
        return answer(PUBLIC_IP);
    }

    /** @throws IllegalArgumentException naming the keyword and why metadata could not answer */
    InetAddress localIpv4() {
        return answer(LOCAL_IP);
    }

    private InetAddress answer(String keyword) {
        Object a = answers.computeIfAbsent(keyword, k -> {
            try {
                if (client == null) client = clients.get();
                return k.equals(PUBLIC_IP) ? client.publicIpv4() : client.localIpv4();
            } catch (InstanceMetadataException e) {
                return new IllegalArgumentException(k + ": " + e.getMessage());
            }
        });
        if (a instanceof IllegalArgumentException e) throw new IllegalArgumentException(e.getMessage());
        return (InetAddress) a;
    }
}

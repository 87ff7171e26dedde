/**
 * vpnd's YAML configuration: {@link io.vpnd.config.ConfigLoader} reads and validates it into the
 * immutable {@link io.vpnd.config.VpndConfig}, or throws a {@link io.vpnd.config.ConfigException}
 * listing every problem as {@code FILE:LINE:COLUMN: KEY.PATH: problem}.
 *
 * <pre>
 * api:        socket (/run/vpnd/vpnd.sock), group, https {listen, cert, key, clientCa}  (https is mTLS only)
 * metrics:    prometheus host:port (absent = no endpoint), tls {cert, key, clientCa?}
 * ike:        address (0.0.0.0), port (500), natPort (4500)
 * dataplane:  threads (0 = one per core), offload (true)
 * tunnels:
 *   NAME:                                   [A-Za-z0-9._-]{1,64}
 *     local:     address (required unless ike.address is specific; ec2-local-ip = the EC2 instance's
 *                private address), id (= address; ec2-public-ip = the EC2 instance's Elastic IP)
 *     remote:    address (IP or any), id (= address; any identity for any), port, natPort (= global)
 *     auth:      psk | pskFile | cert + key (+ ca, one or a list)      required without manual
 *     ike:       proposals ([aes256gcm16-prfsha256-ecp256, aes256-sha256-modp2048]), lifetime (8h),
 *                rekeyMargin (9m), rekeyFuzz (10%), reauth (false)
 *     esp:       proposals ([aes256gcm16, aes256-sha256]), lifetime (1h), rekeyMargin (9m), rekeyFuzz (10%),
 *                lifeBytes (0 = none), lifePackets (0 = none), replayWindow (1024; 0..1048576, 0 = off)
 *     dpd:       interval (10s), timeout (30s, at least interval), action (restart | clear | none)
 *     selectors: local [cidr...], remote [cidr...]   both or neither; default 0.0.0.0/0 both sides
 *     interface: name (from the tunnel name, unique, at most 15 chars), mtu (1400; 576..9000,
 *                at least 1280 with IPv6), address (cidr with host part, e.g. 169.254.10.1/30)
 *     routes:    [cidr...], each inside a remote selector
 *     start:     initiate | respond (respond when remote.address is any)
 *     encap:     true (the only supported value: vpnd's data plane carries ESP in UDP, RFC 3948)
 *     manual:    spiIn, spiOut (&gt;= 256, distinct), proposal (one ESP set, no group), keyIn, keyOut,
 *                authKeyIn, authKeyOut (CBC only), esn (false)     replaces IKE; auth, start, dpd unused
 * </pre>
 *
 * <p>Durations are {@code 30s}, {@code 9m}, {@code 8h}, {@code 1d} or combinations ({@code 1h30m});
 * proposals use strongSwan's syntax ({@link io.vpnd.crypto.ProposalParser}), several per list item
 * separated by commas as in ipsec.conf; addresses are IP literals, never resolved. Relative paths
 * are resolved against the config file's directory. YAML anchors and merge keys work, and
 * top-level keys starting with {@code x-} are ignored so that anchors have somewhere to live.
 */
package io.vpnd.config;

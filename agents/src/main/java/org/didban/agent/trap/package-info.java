/**
 * SNMP trap and inform reception for the site agent.
 *
 * <h2>What it does</h2>
 * A {@link org.didban.agent.trap.TrapReceiver} listens on one UDP address (production default
 * {@code 0.0.0.0:162}; tests and the demo bind {@code 127.0.0.1} port 0 and read the real port back
 * with {@code localAddress()}) with its <em>own</em> SNMP4J stack: its own USM, counters,
 * {@code MessageDispatcherImpl} with MPv1, MPv2c and MPv3, so that it shares nothing with the
 * poller's {@code SnmpSession} or a simulator in the same JVM. It accepts
 * <ul>
 *   <li>SNMPv1 traps and SNMPv2c traps and informs, with the device's community;</li>
 *   <li>SNMPv3 traps and informs, authPriv only, from the device's USM user (SHA-2 auth and AES
 *       privacy by default; SHA-1/MD5/DES only when the device's credentials name them, with a
 *       warning). A v3 <em>trap</em> is authenticated with the sender's own snmpEngineID, which must be
 *       configured for the device ({@code TrapSource.engineId}); a v3 <em>inform</em> uses the receiver's
 *       engine id, which senders discover by themselves (net-snmp {@code snmptrap -Ci} does).
 *       Users are registered for exactly those two engine ids, never engine-less, so a trap from any
 *       other engine is refused.</li>
 * </ul>
 * Informs from trusted devices are acknowledged (a response with the same varbinds); refused ones
 * never are.
 *
 * <h2>Configuration</h2>
 * <pre>{@code
 * TrapSettings settings = TrapSettings.builder()
 *     .listen(new InetSocketAddress("0.0.0.0", 162))
 *     .community("THR-0001-router", InetAddress.getByName("10.1.1.1"), SnmpCredentials.Community.of("…"))
 *     .usm("THR-0001-ups", InetAddress.getByName("10.1.1.5"), SnmpCredentials.Usm.of("didban", "…", "…"),
 *          TrapSource.parseEngineId("0x80001f8880…"))       // null: informs only
 *     .rateLimit(200, 400)                                    // per source: 200/s, burst 400 (defaults)
 *     .unknownSourceRateLimit(50)                             // all unknown addresses together
 *     .maxVarbinds(128).queueCapacity(4096)                   // defaults
 *     .engineId(null)                                         // receiver's engine id; null = fresh each start
 *     .build();
 * try (TrapReceiver r = TrapReceiver.start(settings, events::add, untrusted::add)) { … r.stats() … }
 * }</pre>
 * Traps are attributed to a device by their UDP <em>source address</em> (the source port does not
 * matter), so one address belongs to one device; the builder refuses two devices on one address,
 * and one v3 user name with two different sets of passphrases (informs need one key per user).
 * Host names must be resolved before they go in ({@code InetAddress}).
 *
 * <h2>Events</h2>
 * Each trusted notification becomes an {@link org.didban.model.Event} for its device, stamped
 * with the receive time, and goes to the event consumer at once (not at the next poll):
 * <table>
 *   <caption>notification → event</caption>
 *   <tr><th>notification</th><th>event</th><th>attributes</th></tr>
 *   <tr><td>linkDown 1.3.6.1.6.3.1.1.5.3 / linkUp .5.4 (v1 generic 2 / 3)</td><td>link_down / link_up</td>
 *       <td>if_index (ifIndex varbind, else the index of another ifEntry column), if_name (ifName, else ifDescr)</td></tr>
 *   <tr><td>coldStart .5.1 / warmStart .5.2</td><td>cold_start / warm_start</td><td>—</td></tr>
 *   <tr><td>authenticationFailure .5.5</td><td>authentication_failure</td><td>source, when a varbind carries an IpAddress</td></tr>
 *   <tr><td>upsTrapOnBattery 1.3.6.1.2.1.33.2.1 or 1.3.6.1.2.1.33.2.0.1 (v1: enterprise upsTraps, specific 1)</td>
 *       <td>ups_on_battery</td><td>—</td></tr>
 *   <tr><td>entConfigChange 1.3.6.1.2.1.47.2.0.1</td><td>entity_config_change</td><td>—</td></tr>
 *   <tr><td>DIDBAN-DEVICE-MIB didbanTamperNotification .99999.2.0.1</td><td>tamper</td>
 *       <td>input, state (only when triggered(2): back to normal is counted as ignored)</td></tr>
 *   <tr><td>didbanLogChainBrokenNotification .99999.2.0.2</td><td>log_chain_broken</td>
 *       <td>sequence (didbanLogBrokenAt, else didbanLogSequence), reason chain_broken</td></tr>
 *   <tr><td>didbanAdminLoginNotification .99999.2.0.3</td><td>admin_login</td><td>user, ticket (kept when empty, for SEC-06)</td></tr>
 *   <tr><td>didbanFlowDeniedNotification .99999.2.0.4</td><td>flow_denied</td><td>destination (as an IP address), port</td></tr>
 * </table>
 * Attribute values are text cut to {@code WireText.MAX_TEXT} with control characters replaced;
 * octet strings that are not UTF-8 are written in hex. Other notifications from trusted devices
 * (vendor traps) are counted as {@code unmapped} and not forwarded: Didban has no event type for them.
 * v1 traps are translated to their SNMPv2 OID first (RFC 3584).
 *
 * <h2>Untrusted traffic</h2>
 * Never mapped to a device event. A notification from an unknown address, with a wrong community,
 * a v1/v2c one from a v3 device (or the reverse), or failing USM (unknown user, unknown engine id,
 * wrong digest, decryption error, below authPriv) is counted per
 * {@link org.didban.agent.trap.UntrustedTrap.Reason} and handed to the second consumer as an
 * {@link org.didban.agent.trap.UntrustedTrap} (source address and port, reason, time, the configured
 * device at that address if any, the v3 user name it claimed; never a community), for the lead to
 * turn into SEC-04/SEC-05 input. SNMPv3 engine discovery probes and time-window reports (the normal
 * handshake before a v3 inform) are counted separately and not reported as untrusted.
 *
 * <h2>Floods and bad input</h2>
 * <ul>
 *   <li>Per-source token bucket on the socket's listen thread, before any decoding or decryption:
 *       excess traps from one source are dropped and counted ({@code rateLimited},
 *       {@code rateLimitedBySource}); unknown addresses share one smaller bucket, which also bounds
 *       the {@code UntrustedTrap} reports a spoofing flood can cause. The test floods 10,000 traps/s
 *       from one source while another's traps all arrive.</li>
 *   <li>A bounded queue ({@code queueCapacity}) between the listen thread and one worker thread;
 *       a full queue drops and counts ({@code queueOverflows}).</li>
 *   <li>Before SNMP4J sees a datagram, a strict BER structure check: one SEQUENCE filling the
 *       datagram, definite lengths inside their parents, at most 8 levels and
 *       {@code 3 × maxVarbinds + 64} elements. Truncated or over-long lengths, random bytes, a
 *       varbind list claiming 60,000 entries, or a datagram packed with thousands of real varbinds
 *       are counted as {@code malformed}; so is whatever SNMP4J then fails to decode. Nothing a
 *       datagram says can crash the receiver or make it allocate what a length claims.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * SNMP4J's listen thread ({@code didban-trap-listen-PORT}) and one worker ({@code didban-trap-worker});
 * never the poller's. Both consumers run on the worker thread and must return quickly (put the
 * event in the uplink's queue); an exception from a consumer is logged and counted
 * ({@code consumerErrors}), never stops the receiver. {@code close()} stops both threads; queued
 * datagrams are dropped.
 *
 * <h2>Counters</h2>
 * {@link org.didban.agent.trap.TrapStats}: received, accepted, events by type, informsAcknowledged,
 * untrusted by reason, malformed, rateLimited (+ by source), queueOverflows, unmapped, ignored,
 * notNotifications, discoveryProbes, notInTimeWindow, consumerErrors.
 */
package org.didban.agent.trap;

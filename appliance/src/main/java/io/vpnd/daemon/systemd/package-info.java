/**
 * vpnd under systemd: the notify protocol of a {@code Type=notify} unit (readiness, status, the
 * watchdog, stopping) spoken over {@code $NOTIFY_SOCKET}, without libsystemd.
 */
package io.vpnd.daemon.systemd;

package io.vpnd.esp;

/** Which way an SA carries traffic, seen from this host. */
public enum SaDirection { INBOUND, OUTBOUND }

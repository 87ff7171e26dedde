package io.vpnd.config;

/** What a tunnel does on start: initiate IKE to the peer, or wait for the peer to initiate. */
public enum StartAction { INITIATE, RESPOND }

package dev.havip.engine;

/** This node's state for one VIP, keepalived's names plus MAINTENANCE. */
public enum VipState { INIT, BACKUP, MASTER, FAULT, MAINTENANCE }

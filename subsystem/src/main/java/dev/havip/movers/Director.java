package dev.havip.movers;

import java.net.InetAddress;
import java.util.List;

/** A mover that also balances the VIP's traffic over the cluster's healthy members (an LVS director). */
public interface Director {

    /** The members that should receive the VIP's traffic now; applied at once while the VIP is held. */
    void setRealServers(List<InetAddress> servers) throws MoverException;
}

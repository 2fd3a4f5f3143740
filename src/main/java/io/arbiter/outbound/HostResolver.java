package io.arbiter.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution, a seam so that tests can make a host name resolve wherever they need. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}

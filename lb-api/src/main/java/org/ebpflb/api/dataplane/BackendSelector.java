package org.ebpflb.api.dataplane;

import java.net.InetAddress;
import java.util.Optional;
import org.ebpflb.api.Experimental;
import org.ebpflb.api.model.Endpoint;

/**
 * Picks a backend from the same weighted tables the kernel uses, for plugins that accept connections in user space
 * (the sni plugin's delayed binding).
 */
@Experimental
public interface BackendSelector {
    /**
     * @param service service name
     * @param group group id
     * @param client the client address, hashed like the data plane hashes it
     * @param clientPort the client port
     * @return the chosen backend, empty when the group has no weight
     */
    Optional<Endpoint> select(String service, String group, InetAddress client, int clientPort);
}

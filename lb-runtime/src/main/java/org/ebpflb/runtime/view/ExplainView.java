package org.ebpflb.runtime.view;

import java.util.List;

/**
 * {@code GET /api/v1/services/{name}/explain} and {@code lb explain}.
 *
 * @param service the service name
 * @param listen where it listens, e.g. {@code tcp/80 on eth0}
 * @param hash five-tuple or source-ip
 * @param groups the default group first, then source routes
 * @param pending why the data plane does not hold these weights (its latest write failed and it keeps what it had);
 *     null when it does
 */
public record ExplainView(String service, String listen, String hash, List<GroupView> groups, String pending) {
}

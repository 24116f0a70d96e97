package org.ebpflb.runtime.pipeline;

import org.ebpflb.api.dataplane.spi.ServiceTables;

/**
 * One pipeline round's output for one service.
 *
 * @param trace how the weights came about
 * @param tables what the data plane gets
 */
public record ServiceResult(ServiceTrace trace, ServiceTables tables) {
}

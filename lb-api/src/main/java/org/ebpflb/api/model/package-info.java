/**
 * The service and target model as small immutable records: what operators configured ({@code *Spec}) and the
 * concrete targets after expansion ({@link org.ebpflb.api.model.Target}).
 */
package org.ebpflb.api.model;

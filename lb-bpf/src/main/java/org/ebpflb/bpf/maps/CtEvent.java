package org.ebpflb.bpf.maps;

/**
 * enum lb_ct_event: what happened to the conntrack tables, in lb_ct_events index order (checked against the BTF of
 * lb_consts.h by LayoutBtfTest).
 */
public enum CtEvent {
    /** entries added to lb_conntrack (new keys, not overwrites) */
    INSERTED,
    /** entries the programs removed from lb_conntrack (RST, a SYN over a closing flow) */
    DELETED,
    /** flows moved from lb_ct_pending to lb_conntrack */
    CONFIRMED,
    /** packets of a TCP flow with no entry whose backend came from the Maglev table again */
    REDERIVED,
    /** inserts the kernel refused, into either table */
    INSERT_FAILED,
    /** entries the control plane removed from lb_conntrack; only user space writes this one */
    CP_DELETED,
    /** connection events written to the ring buffer lb_conn_events */
    EVENT_SENT,
    /** connection events lost because lb_conn_events was full */
    EVENT_DROPPED
}

// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The enums of lb_consts.h as BTF, for LayoutBtfTest. The programs use only their values, which leaves the enum
 * types out of the programs' own BTF; this object names each type once. It is never loaded.
 */
#include <linux/types.h>
#include "lb_consts.h"

struct lb_consts_btf {
	enum lb_port_bits port_bits;
	enum lb_svc_flags svc_flags;
	enum lb_ct_state ct_state;
	enum lb_ct_dir ct_dir;
	enum lb_reason reason;
	enum lb_ct_event ct_event;
	enum lb_rl_flags rl_flags;
	enum lb_rl_units rl_units;
};

struct lb_consts_btf lb_consts_btf;

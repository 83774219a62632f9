// Tables for `ShortestFloat+Digits.swift`, generated with exact integer arithmetic; pow5bits(e)
// is `((e × 1217359) >> 19) + 1`, that is ⌈log₂ 5^e⌉ (1 for e = 0).
extension ShortestFloat {
  /// `⌊2^(pow5bits(q) + 58) / 5^q⌋ + 1` for q = 0…30.
  static let inversePowersOfFive: [UInt64] = [
    0x0800_0000_0000_0001, 0x0666_6666_6666_6667, 0x051e_b851_eb85_1eb9,
    0x0418_9374_bc6a_7efa, 0x068d_b8ba_c710_cb2a, 0x053e_2d62_38da_3c22,
    0x0431_bde8_2d7b_634e, 0x06b5_fca6_af2b_d216, 0x055e_63b8_8c23_0e78,
    0x044b_82fa_09b5_a52d, 0x06df_37f6_75ef_6eae, 0x057f_5ff8_5e59_2558,
    0x0465_e660_4b7a_8447, 0x0709_709a_125d_a071, 0x05a1_26e1_a84a_e6c1,
    0x0480_ebe7_b9d5_8567, 0x0734_aca5_f622_6f0b, 0x05c3_bd51_91b5_25a3,
    0x049c_9774_7490_eae9, 0x0760_f253_edb4_ab0e, 0x05e7_2843_2490_88d8,
    0x04b8_ed02_83a6_d3e0, 0x078e_4804_05d7_b966, 0x060b_6cd0_04ac_9452,
    0x04d5_f0a6_6a23_a9db, 0x07bc_b43d_769f_762b, 0x0630_9031_2bb2_c4ef,
    0x04f3_a68d_bc8f_03f3, 0x07ec_3daf_9418_0651, 0x0656_97bf_a9ac_d1da,
    0x0512_12ff_baf0_a7e2,
  ]

  /// `5^i` cut to its top 61 bits (`⌊5^i / 2^(pow5bits(i) - 61)⌋`) for i = 0…47.
  static let powersOfFive: [UInt64] = [
    0x1000_0000_0000_0000, 0x1400_0000_0000_0000, 0x1900_0000_0000_0000,
    0x1f40_0000_0000_0000, 0x1388_0000_0000_0000, 0x186a_0000_0000_0000,
    0x1e84_8000_0000_0000, 0x1312_d000_0000_0000, 0x17d7_8400_0000_0000,
    0x1dcd_6500_0000_0000, 0x12a0_5f20_0000_0000, 0x1748_76e8_0000_0000,
    0x1d1a_94a2_0000_0000, 0x1230_9ce5_4000_0000, 0x16bc_c41e_9000_0000,
    0x1c6b_f526_3400_0000, 0x11c3_7937_e080_0000, 0x1634_5785_d8a0_0000,
    0x1bc1_6d67_4ec8_0000, 0x1158_e460_913d_0000, 0x15af_1d78_b58c_4000,
    0x1b1a_e4d6_e2ef_5000, 0x10f0_cf06_4dd5_9200, 0x152d_02c7_e14a_f680,
    0x1a78_4379_d99d_b420, 0x108b_2a2c_2802_9094, 0x14ad_f4b7_3203_34b9,
    0x19d9_71e4_fe84_01e7, 0x1027_e72f_1f12_8130, 0x1431_e0fa_e6d7_217c,
    0x193e_5939_a08c_e9db, 0x1f8d_ef88_08b0_2452, 0x13b8_b5b5_056e_16b3,
    0x18a6_e322_46c9_9c60, 0x1ed0_9bea_d87c_0378, 0x1342_6172_c74d_822b,
    0x1812_f9cf_7920_e2b6, 0x1e17_b843_5769_1b64, 0x12ce_d32a_16a1_b11e,
    0x1782_87f4_9c4a_1d66, 0x1d63_29f1_c35c_a4bf, 0x125d_fa37_1a19_e6f7,
    0x16f5_78c4_e0a0_60b5, 0x1cb2_d6f6_18c8_78e3, 0x11ef_c659_cf7d_4b8d,
    0x166b_b7f0_435c_9e71, 0x1c06_a5ec_5433_c60d, 0x1184_27b3_b4a0_5bc8,
  ]
}

// Human-readable names of the rules, for the popup's list and the labels of "show what was
// hidden". One source: the family and kind of each rule in contract.gen.js (generated from
// rules/rules.toml) and this table of family names; a family missing here still gets a
// readable name from its id and kind, and a unit test lists the ones that do.

import { RULES } from '../contract.gen.js';

/** What a user calls each family's blocks. */
export const FAMILY_NAMES = Object.freeze({
  wordads: 'WordAds ad',
  adsense: 'Google AdSense ad',
  gpt: 'Google ad slot',
  'ad-inserter': 'Ad Inserter ad',
  'advanced-ads': 'Advanced Ads ad',
  ezoic: 'Ezoic ad',
  mediavine: 'Mediavine ad',
  adthrive: 'Raptive ad',
  taboola: 'Taboola sponsored links',
  outbrain: 'Outbrain sponsored links',
  'wp-quads': 'WP QUADS ad',
  'native-ad-widget': 'Sponsored links widget',
  adrotate: 'AdRotate banner',
  'oio-publisher': 'OIO Publisher banner',
  theme: 'Theme ad slot',
  'other-ad': 'Ad banner',
  labelled: 'Labelled ad slot',
  'ad-slot': 'Empty ad slot',
  affiliate: 'Affiliate promotion',
  'jetpack-subscribe-modal': 'Jetpack subscribe pop-up',
  'jetpack-subscribe-block': 'Jetpack subscribe box',
  'jetpack-subscribe-overlay': 'Jetpack subscribe overlay',
  'jetpack-subscribe-widget': 'Jetpack subscribe widget',
  'wpcom-follow-bar': 'WordPress.com follow bar',
  mailchimp: 'Mailchimp sign-up form',
  mailpoet: 'MailPoet sign-up form',
  'genesis-enews': 'Genesis eNews sign-up',
  optinmonster: 'OptinMonster pop-up',
  convertkit: 'ConvertKit sign-up form',
  'newsletter-other': 'Newsletter sign-up',
  'opt-in': 'Newsletter sign-up form',
  'signup-call': 'Newsletter call',
  'sponsored-teaser': 'Sponsored story',
  overlay: 'Pop-up promotion',
  'adblock-wall': 'Ad-block wall',
});

const KIND_NOUNS = { ad: 'ad', subscribe: 'subscribe nag' };

const titleCase = (id) => id.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The readable name of a rule id ("wordads-dynamic-slot" -> "WordAds ad"). */
export function ruleName(rule) {
  if (rule === 'user-selector') return 'Your own rule';
  const r = Object.hasOwn(RULES, rule) ? RULES[rule] : null;
  if (!r) return titleCase(String(rule || 'Hidden block'));
  return FAMILY_NAMES[r.family] || `${titleCase(r.family)} ${KIND_NOUNS[r.kind] || r.kind}`;
}

/** "ad" -> "Ad", "subscribe" -> "Subscribe nag". */
export const kindName = (kind) => (kind === 'subscribe' ? 'Subscribe nag' : 'Ad');

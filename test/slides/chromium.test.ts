import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, requireChromium } from '../../pipeline/slides/chromium.ts';

describe('the headless Chromium the slides and the browser tests draw with', () => {
  it('is installed here, at the path every launch uses', () => {
    expect(requireChromium()).toBe(CHROMIUM_PATH);
  });

  it('when missing, says in Russian which package to install (renderSlides asks before it builds a site)', () => {
    expect(() => requireChromium('/usr/lib/chromium/нет-такого')).toThrow(
      'Не найден headless Chromium (/usr/lib/chromium/нет-такого): установите пакет Debian chromium-headless-shell (apt-get install chromium-headless-shell).',
    );
  });
});

// Every problem and note code the engine can report has a concrete next step; unknown codes still get one.
import { describe, expect, it } from 'vitest';
import { NOTE_CODES, PROBLEM_CODES } from '../../../main/shared/types';
import { adviceFor, noteAdviceFor, renewalChecklist } from '../../../renderer/lib/advice';

describe('advice', () => {
  it.each(PROBLEM_CODES)('has advice for the problem %s', (code) => {
    const advice = adviceFor(code);
    expect(advice.title).not.toBe('Problem');
    expect(advice.action.length).toBeGreaterThan(30);
  });

  it.each(NOTE_CODES)('has advice for the note %s', (code) => {
    expect(noteAdviceFor(code).title).not.toBe('Note');
  });

  it('names the fix for an incomplete chain', () => {
    expect(adviceFor('INCOMPLETE_CHAIN').action).toMatch(/full chain.*fullchain\.pem.*ssl_certificate/);
  });

  it('falls back to a safe next step for codes added later', () => {
    expect(adviceFor('SOMETHING_NEW')).toEqual({
      title: 'Problem',
      action: expect.stringMatching(/Check now/),
    });
    expect(noteAdviceFor('SOMETHING_NEW').title).toBe('Note');
  });
});

describe('renewalChecklist', () => {
  it('renews, deploys to every node and verifies every endpoint', () => {
    const steps = renewalChecklist({
      names: ['example.com', 'www.example.com'],
      endpoints: ['192.0.2.1', '2001:db8::1'],
    });
    expect(steps[0]).toMatch(/Renew .* covering example\.com, www\.example\.com/);
    expect(steps[1]).toMatch(/every node \(192\.0\.2\.1, 2001:db8::1\)/);
    expect(steps.join(' ')).toMatch(/Check now and confirm every endpoint/);
  });

  it('reads well without names or endpoints', () => {
    const steps = renewalChecklist({ names: [], endpoints: [] });
    expect(steps[0]).toBe('Renew or reissue the certificate with your CA or ACME client.');
    expect(steps[1]).toMatch(/every server and load balancer/);
  });
});
